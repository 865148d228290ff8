package dev.smidgen.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The schema check itself: it must reject the mistakes it exists to catch. */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class StrictSchemaTests {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: x
              annotations:
                prometheus.io/scrape: "true"
            spec:
              selector:
                matchLabels: {app: x}
              template:
                metadata:
                  labels: {app: x}
                spec:
                  containers:
                  - name: x
                    image: smidgen/x:1
                    env:
                    - name: A
                      value: "1"
                    readinessProbe:
                      httpGet: {path: /q/health/ready, port: http}
                    resources:
                      requests: {cpu: 250m, memory: 512Mi}
            """;

    private static Object typed(String yaml) throws Exception {
        JsonNode node = new YAMLMapper().readTree(yaml);
        return Manifests.typed(node);
    }

    @Test
    void aValidDeploymentParses() throws Exception {
        Deployment d = (Deployment) typed(DEPLOYMENT);
        assertEquals(
                "/q/health/ready",
                d.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getReadinessProbe()
                        .getHttpGet()
                        .getPath());
    }

    @Test
    void aMisspeltFieldFails() {
        AssertionFailedError e = assertThrows(
                AssertionFailedError.class, () -> typed(DEPLOYMENT.replace("readinessProbe", "readinesProbe")));
        assertTrue(e.getMessage().contains("readinesProbe"), e.getMessage());
    }

    @Test
    void aFieldAtTheWrongLevelFails() {
        assertThrows(
                AssertionFailedError.class,
                () -> typed(DEPLOYMENT.replace("      containers:", "      replicas: 2\n      containers:")));
    }

    @Test
    void aNumberWhereTheApiWantsAStringFails() {
        assertThrows(AssertionFailedError.class, () -> typed(DEPLOYMENT.replace("value: \"1\"", "value: 1")));
        assertThrows(
                AssertionFailedError.class,
                () -> typed(DEPLOYMENT.replace("prometheus.io/scrape: \"true\"", "prometheus.io/scrape: true")));
    }

    @Test
    void anUnknownKindFails() {
        assertThrows(
                AssertionFailedError.class,
                () -> typed("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"));
    }

    @Test
    void scaledObjectsAreCheckedAgainstTheKedaSchema() throws Exception {
        String so = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: w}
                spec:
                  scaleTargetRef: {name: w}
                  maxReplicaCount: 8
                  advanced:
                    horizontalPodAutoscalerConfig:
                      behavior:
                        scaleDown: {stabilizationWindowSeconds: 300}
                  triggers:
                  - type: kafka
                    metadata: {topic: t, lagThreshold: "5"}
                """;
        assertEquals(8, ((Crds.ScaledObject) typed(so)).spec().maxReplicaCount());
        assertThrows(AssertionFailedError.class, () -> typed(so.replace("maxReplicaCount", "maxReplicas")));
        assertThrows(AssertionFailedError.class, () -> typed(so.replace("lagThreshold: \"5\"", "lagThreshold: 5")));
        assertThrows(
                AssertionFailedError.class,
                () -> typed(so.replace("stabilizationWindowSeconds", "stabilizationWindow")));
    }
}
