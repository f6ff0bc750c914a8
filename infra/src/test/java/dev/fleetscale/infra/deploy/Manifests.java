package dev.fleetscale.infra.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every document of every file in infra/k8s, as fabric8 Kubernetes model objects. Jackson reads
 * the YAML (several documents a file) and fabric8's annotated model classes bind each by its
 * kind, so a misspelt field or a wrong type fails here the way the API server would refuse it.
 */
final class Manifests {

  static final Path ROOT = Path.of("k8s");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "Namespace", Namespace.class,
      "ConfigMap", ConfigMap.class,
      "Secret", Secret.class,
      "Service", Service.class,
      "Deployment", Deployment.class,
      "DaemonSet", DaemonSet.class);

  private Manifests() {}

  /** All objects, in file order; a kind this test does not know is an error. */
  static List<HasMetadata> load() {
    List<HasMetadata> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(ROOT)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (doc == null || doc.isNull() || doc.isEmpty()) {
              continue;
            }
            String kind = doc.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            if (type == null) {
              throw new IllegalStateException(file + ": kind '" + kind + "' is not checked by this test");
            }
            out.add(YAML.treeToValue(doc, type));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static <T extends HasMetadata> List<T> of(List<HasMetadata> all, Class<T> type) {
    return all.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
