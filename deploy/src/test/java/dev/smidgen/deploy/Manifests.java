package dev.smidgen.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rendered kustomization, every document deserialized strictly into its Kubernetes type: an
 * unknown field (a typo, a field at the wrong level), a number or boolean where the API wants a
 * string (an unquoted env value or annotation), or a kind the test has no schema for fails.
 */
final class Manifests {
    /**
     * Jackson over the fabric8 model, minus the model's tolerance: its classes keep unknown fields in
     * an "additionalProperties" map (@JsonAnySetter); here there is no any-setter, so they fail.
     */
    static final ObjectMapper STRICT = strictMapper();

    private static final Map<String, Class<?>> TYPES = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "keda.sh/v1alpha1/ScaledObject", Crds.ScaledObject.class,
            "monitoring.coreos.com/v1/ServiceMonitor", Crds.ServiceMonitor.class);

    final List<Object> all = new ArrayList<>();

    private Manifests() {}

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated a) {
                        return Boolean.FALSE;
                    }

                    @Override
                    public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                        return JsonIgnoreProperties.Value.empty();
                    }
                })
                .build();
        // The API server takes no 8 or true for a string field (env values, annotations, labels,
        // ConfigMap data, KEDA metadata): neither does this.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** Parses a YAML stream of Kubernetes documents. */
    static Manifests parse(String yaml) {
        Manifests manifests = new Manifests();
        try {
            for (JsonNode node : new YAMLMapper()
                    .readerFor(JsonNode.class)
                    .<JsonNode>readValues(yaml)
                    .readAll()) {
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                manifests.all.add(typed(node));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable YAML", e);
        }
        return manifests;
    }

    /** One document as its type, or a failed assertion that says what is wrong and where. */
    static Object typed(JsonNode node) {
        String apiVersion = node.path("apiVersion").asText("");
        String kind = node.path("kind").asText("");
        String name = node.path("metadata").path("name").asText("");
        String what = apiVersion + " " + kind + " '" + name + "'";
        if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
            fail("A document without apiVersion, kind or metadata.name: " + node);
        }
        Class<?> type = TYPES.get(apiVersion + "/" + kind);
        if (type == null) {
            fail(what + ": no schema for this kind in the test (Manifests.TYPES); add one rather than skip it");
        }
        try {
            return STRICT.treeToValue(node, type);
        } catch (IOException e) {
            return fail(what + " does not match the " + type.getSimpleName() + " schema: " + e.getMessage());
        }
    }

    <T> List<T> of(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name).orElseGet(() -> fail("No " + type.getSimpleName() + " named " + name));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return of(type).stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst();
    }

    Crds.ScaledObject scaledObject(String name) {
        return of(Crds.ScaledObject.class).stream()
                .filter(o -> name.equals(o.metadata().getName()))
                .findFirst()
                .orElseGet(() -> fail("No KEDA ScaledObject named " + name));
    }

    /** Metadata of any document, typed or custom. */
    static ObjectMeta metadata(Object object) {
        if (object instanceof HasMetadata h) {
            return h.getMetadata();
        }
        if (object instanceof Crds.ScaledObject s) {
            return s.metadata();
        }
        if (object instanceof Crds.ServiceMonitor s) {
            return s.metadata();
        }
        throw new IllegalArgumentException(object.getClass().getName());
    }

    /** The single ConfigMap the Deployments read their settings from. */
    ConfigMap settings() {
        List<ConfigMap> maps = of(ConfigMap.class).stream()
                .filter(m -> m.getMetadata().getName().startsWith("smidgen-config"))
                .toList();
        assertEquals(1, maps.size(), "one smidgen-config ConfigMap");
        assertNotNull(maps.get(0).getData(), "smidgen-config has data");
        return maps.get(0);
    }
}
