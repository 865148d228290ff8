package dev.smidgen.deploy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The custom resources the manifests use, typed after their CRDs (KEDA 2.x {@code keda.sh_scaledobjects.yaml},
 * Prometheus Operator {@code monitoring.coreos.com_servicemonitors.yaml}) as far as the fields go that
 * one would write here. Deserialized strictly, so a misspelt or misplaced field fails like it would
 * at the API server's schema validation; nested Kubernetes types reuse the fabric8 model.
 */
final class Crds {
    private Crds() {}

    /** keda.sh/v1alpha1 ScaledObject. */
    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {}

    record ScaledObjectSpec(
            ScaleTargetRef scaleTargetRef,
            Integer pollingInterval,
            Integer cooldownPeriod,
            Integer initialCooldownPeriod,
            Integer idleReplicaCount,
            Integer minReplicaCount,
            Integer maxReplicaCount,
            Fallback fallback,
            Advanced advanced,
            List<ScaleTrigger> triggers) {}

    record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName) {}

    record Fallback(Integer failureThreshold, Integer replicas, String behavior) {}

    record Advanced(
            Boolean restoreToOriginalReplicaCount,
            HpaConfig horizontalPodAutoscalerConfig,
            ScalingModifiers scalingModifiers) {}

    record HpaConfig(String name, HorizontalPodAutoscalerBehavior behavior) {}

    record ScalingModifiers(String formula, String target, String activationTarget, String metricType) {}

    /** KEDA requires every metadata value to be a string (the CRD says additionalProperties: string). */
    record ScaleTrigger(
            String type,
            String name,
            Boolean useCachedMetrics,
            String metricType,
            Map<String, String> metadata,
            AuthenticationRef authenticationRef) {}

    record AuthenticationRef(String name, String kind) {}

    /** The parameters of KEDA's kafka scaler (docs of KEDA 2.x); anything else is a typo. */
    static final Set<String> KAFKA_TRIGGER_KEYS = Set.of(
            "bootstrapServers",
            "bootstrapServersFromEnv",
            "consumerGroup",
            "consumerGroupFromEnv",
            "topic",
            "topicFromEnv",
            "lagThreshold",
            "activationLagThreshold",
            "offsetResetPolicy",
            "allowIdleConsumers",
            "scaleToZeroOnInvalidOffset",
            "excludePersistentLag",
            "limitToPartitionsWithLag",
            "ensureEvenDistributionOfPartitions",
            "partitionLimitation",
            "version",
            "sasl",
            "saslTokenProvider",
            "tls",
            "unsafeSsl",
            "awsRegion",
            "awsEndpoint");

    /** monitoring.coreos.com/v1 ServiceMonitor. */
    record ServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, ServiceMonitorSpec spec) {}

    record ServiceMonitorSpec(
            String jobLabel,
            List<String> targetLabels,
            List<String> podTargetLabels,
            LabelSelector selector,
            NamespaceSelector namespaceSelector,
            List<Endpoint> endpoints,
            Long sampleLimit) {}

    record NamespaceSelector(Boolean any, List<String> matchNames) {}

    record Endpoint(
            String port,
            IntOrString targetPort,
            String path,
            String scheme,
            String interval,
            String scrapeTimeout,
            Boolean honorLabels,
            Boolean honorTimestamps,
            Map<String, List<String>> params) {}
}
