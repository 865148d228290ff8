package dev.smidgen.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every overlay under deploy/overlays with kubectl kustomize, validates each document
 * against its Kubernetes schema ({@link Manifests}) and checks what makes Smidgen run well there:
 * probes on the health endpoints, sized resources, non-root read-only pods with writable work dirs,
 * graceful shutdown windows, autoscaling within the Kafka partitions, the upload ingress settings,
 * and settings that agree with each other and with the services' own configuration.
 */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class ManifestsTests {
    private static final Path DEPLOY = Path.of("").toAbsolutePath();
    private static final Path REPO = DEPLOY.getParent();
    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private static final List<String> SERVICES =
            List.of("api-service", "upload-service", "ingest-worker", "transcode-worker");
    private static final List<String> PUBLIC = List.of("api-service", "upload-service");
    private static final Map<String, String> PORTS = Map.of(
            "api-service", "8080", "upload-service", "8081", "ingest-worker", "8082", "transcode-worker", "8083");
    /** The management interface (quarkus.management.port): health and metrics, never behind an Ingress. */
    private static final Map<String, String> MANAGEMENT_PORTS = Map.of(
            "api-service", "8180", "upload-service", "8181", "ingest-worker", "8182", "transcode-worker", "8183");
    /** The paths each public host routes: the services' public resources, never / or /q. */
    private static final Map<String, List<String>> PUBLIC_PATHS = Map.of(
            "api-service",
            List.of(
                    "/files",
                    "/media",
                    "/tasks",
                    "/uploads",
                    "/sources",
                    "/signatures",
                    "/webhooks",
                    "/deliveries",
                    "/automations",
                    "/admin",
                    "/cdn",
                    "/console"),
            "upload-service",
            List.of("/store", "/tus"));
    /** Worker → its Kafka channel in application.properties. */
    private static final Map<String, String> CHANNELS =
            Map.of("ingest-worker", "ingest-tasks", "transcode-worker", "transcode-tasks");
    /**
     * The environment variable that moves each service's scratch space onto a mounted volume: the ingest
     * worker's is where downloads are staged before their upload to S3.
     */
    private static final Map<String, String> WORK_DIRS = Map.of(
            "upload-service",
            "SMIDGEN_UPLOADS_SPOOL_DIR",
            "ingest-worker",
            "SMIDGEN_STORAGE_STAGING_DIR",
            "transcode-worker",
            "SMIDGEN_TRANSCODE_WORK_DIR");

    private static final Set<String> SECRET_KEYS =
            Set.of("db-password", "s3-access-key", "s3-secret-key", "admin-token", "connections-key");
    /** smidgen.kafka.partitions when the ConfigMap does not set it (TopicSetup's default). */
    private static final int DEFAULT_PARTITIONS = 8;

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(DEPLOY.resolve("overlays"))) {
            List<String> names = dirs.filter(d -> Files.exists(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
            assertTrue(names.containsAll(List.of("dev", "prod")), "overlays dev and prod exist: " + names);
            return names.stream();
        }
    }

    private static Manifests rendered(String overlay) {
        return RENDERED.computeIfAbsent(
                overlay,
                o -> Manifests.parse(Kustomize.render(DEPLOY.resolve("overlays").resolve(o))));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDocumentMatchesItsSchemaAndLivesInTheOverlayNamespace(String overlay) {
        Manifests m = rendered(overlay);
        List<Namespace> namespaces = m.of(Namespace.class);
        assertEquals(1, namespaces.size(), overlay + " declares its namespace");
        String namespace = namespaces.get(0).getMetadata().getName();
        for (Object o : m.all) {
            if (!(o instanceof Namespace)) {
                assertEquals(
                        namespace,
                        Manifests.metadata(o).getNamespace(),
                        Manifests.metadata(o).getName() + " in " + namespace);
            }
        }
        for (String name : SERVICES) {
            m.one(Deployment.class, name);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void deploymentsHaveProbesResourcesAndALockedDownPod(String overlay) {
        Manifests m = rendered(overlay);
        for (Deployment d : m.of(Deployment.class)) {
            String name = d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Map<String, String> podLabels =
                    d.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(
                    podLabels
                            .entrySet()
                            .containsAll(
                                    d.getSpec().getSelector().getMatchLabels().entrySet()),
                    name + ": selector matches the pod labels");
            assertNull(d.getSpec().getReplicas(), name + ": no replicas, the autoscaler owns the count");
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), name + ": no API token in the pod");
            assertEquals(
                    Boolean.FALSE, pod.getEnableServiceLinks(), name + ": no Service variables in the environment");
            assertNotNull(pod.getSecurityContext(), name + ": pod securityContext");
            assertEquals(1, pod.getContainers().size(), name + ": one container");
            Container c = pod.getContainers().get(0);
            String where = name + "/" + c.getName();

            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), where + ": runAsNonRoot");
            SecurityContext sc = c.getSecurityContext();
            assertNotNull(sc, where + ": container securityContext");
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where + ": readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where + ": no privilege escalation");
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), where + ": drops all capabilities");
            assertEquals(
                    "RuntimeDefault",
                    pod.getSecurityContext().getSeccompProfile().getType(),
                    where + ": seccomp");

            // Probes: Quarkus SmallRye Health groups, on the management port the container declares.
            assertProbe(where, "startup", c.getStartupProbe(), "/q/health/started", c);
            assertProbe(where, "readiness", c.getReadinessProbe(), "/q/health/ready", c);
            assertProbe(where, "liveness", c.getLivenessProbe(), "/q/health/live", c);
            assertEquals(PORTS.get(name), String.valueOf(c.getPorts().get(0).getContainerPort()), where + ": port");
            assertEquals(
                    MANAGEMENT_PORTS.get(name),
                    c.getPorts().stream()
                            .filter(p -> "management".equals(p.getName()))
                            .map(p -> String.valueOf(p.getContainerPort()))
                            .findFirst()
                            .orElse(null),
                    where + ": management port");
            Properties props = applicationProperties(name);
            assertEquals("true", props.getProperty("quarkus.management.enabled"), name + ": management interface on");
            assertEquals(
                    MANAGEMENT_PORTS.get(name),
                    props.getProperty("quarkus.management.port"),
                    name + ": application.properties agrees on the management port");
            for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
                assertEquals(
                        "management", probe.getHttpGet().getPort().getStrVal(), where + ": probes the management port");
            }

            // Requests and limits for CPU and memory; never a request above its limit.
            ResourceRequirements r = c.getResources();
            assertNotNull(r, where + ": resources");
            for (String resource : List.of("cpu", "memory")) {
                Quantity request =
                        r.getRequests() == null ? null : r.getRequests().get(resource);
                Quantity limit = r.getLimits() == null ? null : r.getLimits().get(resource);
                assertNotNull(request, where + ": " + resource + " request");
                assertNotNull(limit, where + ": " + resource + " limit");
                assertTrue(
                        request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0,
                        where + ": " + resource + " request " + request + " <= limit " + limit);
            }

            // Every mount has its volume; /tmp is a writable emptyDir (the root file system is not).
            Map<String, Volume> volumes = new HashMap<>();
            for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
                volumes.put(v.getName(), v);
            }
            for (VolumeMount mount : c.getVolumeMounts()) {
                assertTrue(volumes.containsKey(mount.getName()), where + ": volume " + mount.getName() + " declared");
            }
            assertTrue(writableMounts(c, volumes).contains("/tmp"), where + ": /tmp is a writable volume");

            // Metrics are scrapeable by annotation (and by the ServiceMonitor where there is one).
            Map<String, String> annotations =
                    d.getSpec().getTemplate().getMetadata().getAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"), where + ": prometheus.io/scrape");
            assertEquals(
                    MANAGEMENT_PORTS.get(name), annotations.get("prometheus.io/port"), where + ": prometheus.io/port");
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"), where + ": prometheus.io/path");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void workDirectoriesAreMountedVolumes(String overlay) {
        Manifests m = rendered(overlay);
        WORK_DIRS.forEach((name, variable) -> {
            Deployment d = m.one(Deployment.class, name);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            String dir = env(c, variable);
            assertNotNull(dir, name + " sets " + variable);
            Map<String, Volume> volumes = new HashMap<>();
            d.getSpec().getTemplate().getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
            assertTrue(
                    writableMounts(c, volumes).contains(dir),
                    name + ": " + variable + "=" + dir + " is a mounted emptyDir");
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void settingsAndSecretsAreReferencedConsistently(String overlay) {
        Manifests m = rendered(overlay);
        ConfigMap settings = m.settings();
        Map<String, String> data = settings.getData();
        for (String key : List.of(
                "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_USERNAME",
                "KAFKA_BOOTSTRAP_SERVERS",
                "SMIDGEN_S3_ENDPOINT",
                "SMIDGEN_S3_REGION",
                "SMIDGEN_S3_BUCKET",
                "SMIDGEN_API_BASE_URL",
                "SMIDGEN_UPLOADS_BASE_URL",
                "SMIDGEN_DELIVERY_BASE_URL",
                "SMIDGEN_UPLOADS_MAX_FILE_SIZE")) {
            assertFalse(data.getOrDefault(key, "").isBlank(), "smidgen-config sets " + key);
        }
        assertTrue(data.get("QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://"), "a PostgreSQL JDBC URL");
        // Formats the services parse: a MemorySize up to 5T for uploads, plain bytes for URL ingest.
        Matcher size = Pattern.compile("(\\d+)([KMGT]?)").matcher(data.get("SMIDGEN_UPLOADS_MAX_FILE_SIZE"));
        assertTrue(size.matches(), "SMIDGEN_UPLOADS_MAX_FILE_SIZE is a size like 1G");
        long bytes = Long.parseLong(size.group(1))
                << (10 * "KMGT".indexOf(size.group(2).isEmpty() ? "x" : size.group(2)) + 10);
        assertTrue(bytes > 0 && bytes <= 5L << 40, "SMIDGEN_UPLOADS_MAX_FILE_SIZE at most 5T");
        if (data.containsKey("SMIDGEN_INGEST_MAX_FILE_SIZE")) {
            assertTrue(
                    data.get("SMIDGEN_INGEST_MAX_FILE_SIZE").matches("\\d+"),
                    "SMIDGEN_INGEST_MAX_FILE_SIZE is in bytes");
        }

        List<Secret> secrets = m.of(Secret.class);
        for (Deployment d : m.of(Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            for (EnvFromSource from : c.getEnvFrom()) {
                assertNotNull(from.getConfigMapRef(), d.getMetadata().getName() + ": envFrom only the ConfigMap");
                assertEquals(
                        settings.getMetadata().getName(),
                        from.getConfigMapRef().getName(),
                        d.getMetadata().getName() + " reads smidgen-config");
            }
            for (EnvVar e : c.getEnv()) {
                if (e.getValueFrom() == null) {
                    continue;
                }
                var ref = e.getValueFrom().getSecretKeyRef();
                assertNotNull(ref, d.getMetadata().getName() + ": " + e.getName() + " comes from the Secret");
                assertTrue(
                        SECRET_KEYS.contains(ref.getKey()),
                        e.getName() + " reads a known key of smidgen-secrets: " + ref.getKey());
                if (secrets.isEmpty()) {
                    assertEquals("smidgen-secrets", ref.getName(), e.getName() + ": the Secret created out of band");
                } else {
                    Secret secret = m.one(Secret.class, ref.getName());
                    assertTrue(secret.getData().containsKey(ref.getKey()), ref.getName() + " has " + ref.getKey());
                }
            }
            assertNotNull(
                    env(c, "QUARKUS_DATASOURCE_PASSWORD"), d.getMetadata().getName() + " gets the database password");
            assertNotNull(env(c, "SMIDGEN_S3_SECRET_KEY"), d.getMetadata().getName() + " gets the S3 secret key");
        }
        // Nothing real is committed: a generated Secret holds only obviously fake values (a key that
        // must itself be base64, the connections key, is base64 of such a value).
        for (Secret secret : secrets) {
            secret.getData()
                    .forEach((key, value) -> assertTrue(
                            obviouslyFake(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)),
                            secret.getMetadata().getName() + "/" + key + " is an obviously fake dev value"));
        }
        assertTrue(secrets.isEmpty() || overlay.equals("dev"), "only the dev overlay generates a Secret");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void publicServicesHaveServicesHpasAndIngress(String overlay) {
        Manifests m = rendered(overlay);
        for (String name : SERVICES) {
            Deployment d = m.one(Deployment.class, name);
            Service s = m.one(Service.class, name);
            Map<String, String> podLabels =
                    d.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(
                    podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()),
                    name + ": Service selects the pods");
            assertEquals("http", s.getSpec().getPorts().get(0).getName(), name + ": Service port named http");
            assertEquals(
                    "http",
                    s.getSpec().getPorts().get(0).getTargetPort().getStrVal(),
                    name + ": targets the container port");
            assertEquals(
                    "smidgen",
                    s.getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                    name + ": Service label for the ServiceMonitor");
        }
        for (String name : PUBLIC) {
            HorizontalPodAutoscaler hpa = m.one(HorizontalPodAutoscaler.class, name);
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            assertEquals(name, hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(
                    hpa.getSpec().getMinReplicas() >= 1
                            && hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas(),
                    name + ": 1 <= minReplicas <= maxReplicas");
            assertTrue(
                    hpa.getSpec().getMetrics().stream()
                            .anyMatch(metric -> "Resource".equals(metric.getType())
                                    && "cpu".equals(metric.getResource().getName())
                                    && "Utilization"
                                            .equals(metric.getResource()
                                                    .getTarget()
                                                    .getType())),
                    name + ": scales on CPU utilization");
        }

        // Ingress: the public URLs in the ConfigMap are served by the right Service.
        Map<String, String> data = m.settings().getData();
        Map<String, Ingress> byHost = new HashMap<>();
        for (Ingress ingress : m.of(Ingress.class)) {
            assertEquals(
                    "nginx",
                    ingress.getSpec().getIngressClassName(),
                    ingress.getMetadata().getName() + ": ingress-nginx");
            for (IngressRule rule : ingress.getSpec().getRules()) {
                byHost.put(rule.getHost(), ingress);
                for (var path : rule.getHttp().getPaths()) {
                    IngressBackend backend = path.getBackend();
                    Service target = m.one(Service.class, backend.getService().getName());
                    assertTrue(
                            target.getSpec().getPorts().stream()
                                    .anyMatch(p -> p.getName()
                                            .equals(backend.getService()
                                                    .getPort()
                                                    .getName())),
                            ingress.getMetadata().getName() + ": backend port exists on "
                                    + target.getMetadata().getName());
                }
            }
        }
        Ingress api = ingressFor(byHost, data.get("SMIDGEN_API_BASE_URL"), "api-service");
        Ingress upload = ingressFor(byHost, data.get("SMIDGEN_UPLOADS_BASE_URL"), "upload-service");
        assertEquals(
                URI.create(data.get("SMIDGEN_API_BASE_URL")).getHost(),
                URI.create(data.get("SMIDGEN_DELIVERY_BASE_URL")).getHost(),
                "delivery is served by the api host (unless a CDN is configured in front)");

        // 5 TiB resumable uploads through ingress-nginx: no body limit, no buffering, long timeouts.
        Map<String, String> a = upload.getMetadata().getAnnotations();
        String prefix = "nginx.ingress.kubernetes.io/";
        assertEquals("0", a.get(prefix + "proxy-body-size"), "upload ingress: unlimited body size");
        assertEquals("off", a.get(prefix + "proxy-request-buffering"), "upload ingress: request buffering off");
        assertTrue(
                Integer.parseInt(a.getOrDefault(prefix + "proxy-read-timeout", "60")) >= 3600,
                "upload ingress: read timeout >= 1 h");
        assertTrue(
                Integer.parseInt(a.getOrDefault(prefix + "proxy-send-timeout", "60")) >= 3600,
                "upload ingress: send timeout >= 1 h");
        assertFalse("true".equals(a.get(prefix + "enable-cors")), "upload ingress: CORS left to the service");
        // The API's synchronous calls wait up to 120 s.
        assertTrue(
                Integer.parseInt(api.getMetadata().getAnnotations().getOrDefault(prefix + "proxy-read-timeout", "60"))
                        > 120,
                "api ingress: read timeout above smidgen.api.sync-timeout");
        if (overlay.equals("prod")) {
            for (Ingress ingress : List.of(api, upload)) {
                assertFalse(
                        ingress.getSpec().getTls() == null
                                || ingress.getSpec().getTls().isEmpty(),
                        ingress.getMetadata().getName() + ": TLS");
                assertTrue(
                        data.get("SMIDGEN_API_BASE_URL").startsWith("https://")
                                && data.get("SMIDGEN_UPLOADS_BASE_URL").startsWith("https://"),
                        "production URLs are https");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void workersScaleOnKafkaLagWithinThePartitions(String overlay) {
        Manifests m = rendered(overlay);
        Map<String, String> data = m.settings().getData();
        int partitions =
                Integer.parseInt(data.getOrDefault("SMIDGEN_KAFKA_PARTITIONS", String.valueOf(DEFAULT_PARTITIONS)));
        for (String worker : CHANNELS.keySet()) {
            Properties props = applicationProperties(worker);
            String channel = "mp.messaging.incoming." + CHANNELS.get(worker) + ".";
            Crds.ScaledObject so = m.scaledObject(worker);
            assertEquals("keda.sh/v1alpha1", so.apiVersion());
            Crds.ScaledObjectSpec spec = so.spec();
            assertNotNull(spec.scaleTargetRef(), worker + ": scaleTargetRef");
            assertEquals(worker, spec.scaleTargetRef().name(), worker + ": scales its Deployment");
            assertTrue(spec.scaleTargetRef().kind() == null
                    || spec.scaleTargetRef().kind().equals("Deployment"));
            assertNotNull(spec.maxReplicaCount(), worker + ": maxReplicaCount");
            assertTrue(
                    spec.maxReplicaCount() <= partitions,
                    worker + ": maxReplicaCount " + spec.maxReplicaCount() + " <= " + partitions
                            + " partitions (the upper bound of parallelism)");
            int min = spec.minReplicaCount() == null ? 0 : spec.minReplicaCount();
            assertTrue(min >= 0 && min <= spec.maxReplicaCount(), worker + ": 0 <= minReplicaCount <= maxReplicaCount");
            if (spec.fallback() != null) {
                assertTrue(
                        spec.fallback().replicas() >= 1 && spec.fallback().replicas() <= spec.maxReplicaCount(),
                        worker + ": fallback replicas");
            }

            assertEquals(1, spec.triggers().size(), worker + ": one trigger");
            Crds.ScaleTrigger trigger = spec.triggers().get(0);
            assertEquals("kafka", trigger.type(), worker + ": kafka trigger");
            Map<String, String> meta = trigger.metadata();
            assertNotNull(meta, worker + ": trigger metadata");
            for (String key : meta.keySet()) {
                assertTrue(Crds.KAFKA_TRIGGER_KEYS.contains(key), worker + ": unknown kafka trigger parameter " + key);
            }
            assertEquals(
                    props.getProperty(channel + "group.id"),
                    meta.get("consumerGroup"),
                    worker + ": the consumer group the worker uses");
            assertEquals(
                    props.getProperty(channel + "topic"),
                    meta.get("topic"),
                    worker + ": the topic the worker consumes");
            assertEquals(
                    props.getProperty(channel + "auto.offset.reset", "latest"),
                    meta.getOrDefault("offsetResetPolicy", "latest"),
                    worker + ": offsetResetPolicy as the consumer's auto.offset.reset");
            assertTrue(meta.get("lagThreshold").matches("[1-9]\\d*"), worker + ": lagThreshold a positive integer");
            assertFalse("true".equals(meta.get("allowIdleConsumers")), worker + ": no more consumers than partitions");

            Container c = m.one(Deployment.class, worker)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0);
            String servers = meta.containsKey("bootstrapServersFromEnv")
                    ? Objects.requireNonNullElse(
                            env(c, meta.get("bootstrapServersFromEnv")), data.get(meta.get("bootstrapServersFromEnv")))
                    : meta.get("bootstrapServers");
            assertFalse(servers == null || servers.isBlank(), worker + ": KEDA finds the bootstrap servers");
            assertEquals(
                    data.get("KAFKA_BOOTSTRAP_SERVERS"), servers, worker + ": KEDA watches the Kafka the worker uses");

            // A task keeps its message unacknowledged while it runs; the worker must not call that
            // a failure on /q/health/live, or the liveness probe restarts it mid-task.
            assertEquals(
                    "0",
                    props.getProperty(channel + "throttled.unprocessed-record-max-age.ms"),
                    worker + ": throttled.unprocessed-record-max-age.ms=0 in application.properties");
        }
        // One conversion per pod per concurrency slot: the lag per pod is the concurrency.
        Container transcode = m.one(Deployment.class, "transcode-worker")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertEquals(
                Objects.requireNonNullElse(env(transcode, "SMIDGEN_TRANSCODE_CONCURRENCY"), "1"),
                m.scaledObject("transcode-worker")
                        .spec()
                        .triggers()
                        .get(0)
                        .metadata()
                        .get("lagThreshold"),
                "transcode lagThreshold = SMIDGEN_TRANSCODE_CONCURRENCY");
        if (overlay.equals("prod")) {
            assertEquals(
                    0, m.scaledObject("transcode-worker").spec().minReplicaCount(), "prod: conversions scale to zero");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void shutdownIsGraceful(String overlay) {
        Manifests m = rendered(overlay);
        for (String name : SERVICES) {
            Deployment d = m.one(Deployment.class, name);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            long grace = pod.getTerminationGracePeriodSeconds();
            if (CHANNELS.containsKey(name)) {
                // Workers release their tasks on SIGTERM at once; leave time for that and the close.
                assertTrue(grace >= 30, name + ": terminationGracePeriodSeconds >= 30");
                continue;
            }
            assertNotNull(c.getLifecycle(), name + ": lifecycle");
            assertNotNull(
                    c.getLifecycle().getPreStop().getSleep(), name + ": preStop sleep while endpoints drop the pod");
            long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
            assertTrue(preStop >= 5, name + ": preStop sleep >= 5 s");
            String timeout = env(c, "QUARKUS_SHUTDOWN_TIMEOUT");
            assertNotNull(timeout, name + ": QUARKUS_SHUTDOWN_TIMEOUT (graceful drain of in-flight requests)");
            long drain = seconds(timeout);
            assertTrue(
                    grace > preStop + drain,
                    name + ": terminationGracePeriodSeconds " + grace + " > preStop " + preStop + " + drain " + drain);
        }
        long uploadDrain = seconds(env(
                m.one(Deployment.class, "upload-service")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0),
                "QUARKUS_SHUTDOWN_TIMEOUT"));
        assertTrue(uploadDrain >= 120, "upload-service drains in-flight uploads for at least 2 minutes");
        long apiDrain = seconds(env(
                m.one(Deployment.class, "api-service")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0),
                "QUARKUS_SHUTDOWN_TIMEOUT"));
        assertTrue(apiDrain > 120, "api-service drains longer than smidgen.api.sync-timeout (120 s)");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentHasADisruptionBudgetThatAllowsDrains(String overlay) {
        Manifests m = rendered(overlay);
        for (String name : SERVICES) {
            Deployment d = m.one(Deployment.class, name);
            PodDisruptionBudget pdb = m.one(PodDisruptionBudget.class, name);
            Map<String, String> podLabels =
                    d.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(
                    podLabels
                            .entrySet()
                            .containsAll(
                                    pdb.getSpec().getSelector().getMatchLabels().entrySet()),
                    name + ": PDB selects the pods");
            // maxUnavailable, not minAvailable: a Deployment scaled to one (or zero) must not block a node drain.
            assertNull(pdb.getSpec().getMinAvailable(), name + ": no minAvailable");
            IntOrString max = pdb.getSpec().getMaxUnavailable();
            assertNotNull(max, name + ": maxUnavailable");
            assertTrue(max.getIntVal() != null && max.getIntVal() >= 1, name + ": maxUnavailable >= 1");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void imagesAreTheServicesAndOverridable(String overlay) throws IOException {
        // A kustomization on top of the overlay that renames every image, as a release pipeline would.
        Path dir = DEPLOY.resolve("target/kustomize-images-" + overlay);
        Files.createDirectories(dir);
        StringBuilder k = new StringBuilder(
                        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nbases:\n- ")
                .append(dir.relativize(DEPLOY.resolve("overlays").resolve(overlay)))
                .append("\nimages:\n");
        for (String name : SERVICES) {
            k.append("- name: ")
                    .append(rendered(overlay)
                            .one(Deployment.class, name)
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage()
                            .replaceFirst(":[^:/]+$", ""))
                    .append("\n  newName: example.test/override/")
                    .append(name)
                    .append("\n  newTag: t1\n");
        }
        Files.writeString(dir.resolve("kustomization.yaml"), k);
        Manifests overridden = Manifests.parse(Kustomize.render(dir));
        for (String name : SERVICES) {
            String original = rendered(overlay)
                    .one(Deployment.class, name)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getImage();
            assertTrue(
                    original.matches("(.+/)?smidgen/" + name + ":[\\w.-]+"),
                    name + ": image smidgen/" + name + ":<tag>, was " + original);
            assertEquals(
                    "example.test/override/" + name + ":t1",
                    overridden
                            .one(Deployment.class, name)
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage(),
                    name + ": kustomize images: overrides it");
        }
    }

    @Test
    void theBaseNamesImagesAsTheImageBuildDoes() {
        Manifests base = Manifests.parse(Kustomize.render(DEPLOY.resolve("base")));
        for (String name : SERVICES) {
            String image = base.one(Deployment.class, name)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getImage();
            assertTrue(
                    image.startsWith("smidgen/" + name + ":"),
                    name + ": base image smidgen/" + name + ":<tag>, was " + image);
        }
    }

    private static Ingress ingressFor(Map<String, Ingress> byHost, String url, String service) {
        String host = URI.create(url).getHost();
        Ingress ingress = byHost.get(host);
        assertNotNull(ingress, "an Ingress rule for " + host + " (from " + url + ")");
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream()
                .filter(r -> host.equals(r.getHost()))
                .flatMap(r -> r.getHttp().getPaths().stream())
                .toList();
        for (HTTPIngressPath path : paths) {
            assertEquals(service, path.getBackend().getService().getName(), host + path.getPath() + " → " + service);
            assertEquals("http", path.getBackend().getService().getPort().getName(), host + path.getPath() + " port");
        }
        // Only the public paths: / would route /q (health, metrics) too.
        assertEquals(
                new HashSet<>(PUBLIC_PATHS.get(service)),
                paths.stream().map(HTTPIngressPath::getPath).collect(Collectors.toSet()),
                host + " routes exactly the public paths of " + service);
        return ingress;
    }

    private static void assertProbe(String where, String kind, Probe probe, String path, Container c) {
        assertNotNull(probe, where + ": " + kind + " probe");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, where + ": " + kind + " probe is an HTTP GET");
        assertEquals(path, get.getPath(), where + ": " + kind + " probe path");
        IntOrString port = get.getPort();
        boolean declared = c.getPorts().stream().map(ContainerPort::getName).anyMatch(n -> n.equals(port.getStrVal()))
                || c.getPorts().stream().anyMatch(p -> p.getContainerPort().equals(port.getIntVal()));
        assertTrue(declared, where + ": " + kind + " probe port " + port + " is a container port");
        assertTrue(
                probe.getTimeoutSeconds() != null && probe.getTimeoutSeconds() >= 2,
                where + ": " + kind + " probe timeout >= 2 s (the checks reach the database, S3 and Kafka)");
    }

    /** Mount paths of the container backed by an emptyDir or a generic ephemeral volume. */
    private static Set<String> writableMounts(Container c, Map<String, Volume> volumes) {
        return c.getVolumeMounts().stream()
                .filter(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
                .filter(mount -> volumes.containsKey(mount.getName())
                        && (volumes.get(mount.getName()).getEmptyDir() != null
                                || volumes.get(mount.getName()).getEphemeral() != null))
                .map(VolumeMount::getMountPath)
                .collect(java.util.stream.Collectors.toSet());
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .map(e -> e.getValue() != null
                        ? e.getValue()
                        : e.getValueFrom() != null ? "<from " + e.getValueFrom() + ">" : null)
                .orElse(null);
    }

    private static long seconds(String duration) {
        Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(duration);
        if (!matcher.matches()) {
            return fail("Not a Quarkus duration like 300s: " + duration);
        }
        long n = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(n).toSeconds();
            case "s" -> n;
            case "m" -> Duration.ofMinutes(n).toSeconds();
            default -> Duration.ofHours(n).toSeconds();
        };
    }

    private static Properties applicationProperties(String module) {
        Path file = REPO.resolve(module).resolve("src/main/resources/application.properties");
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    private static boolean obviouslyFake(String value) {
        if (value.startsWith("dev-only")) {
            return true;
        }
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8).startsWith("dev-only");
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
