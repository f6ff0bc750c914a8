package dev.fleetscale.contracts.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.fleetscale.contracts.serde.Json;
import dev.fleetscale.contracts.telemetry.DiskSample;
import dev.fleetscale.contracts.telemetry.FilesystemSample;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostResources;
import dev.fleetscale.contracts.telemetry.NicSample;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The catalogue, the telemetry JSON Schema, the Java records and docs/metrics.md list the same
 * measured fields. Identity fields (device names, uuids, process lists) are labels, not metrics.
 */
class MetricCatalogueConsistencyTest {

  private final MetricCatalogue catalogue = MetricCatalogue.standard();

  private static Class<?> recordOf(MetricScope scope) {
    return switch (scope) {
      case GPU -> GpuSample.class;
      case DISK -> DiskSample.class;
      case FILESYSTEM -> FilesystemSample.class;
      case NIC -> NicSample.class;
      case HOST -> HostResources.class;
    };
  }

  private static Set<String> labelsOf(MetricScope scope) {
    return switch (scope) {
      case GPU -> Set.of("index", "uuid", "name", "pci_bus_id", "health", "processes");
      case DISK -> Set.of("device");
      case FILESYSTEM -> Set.of("mount_point", "device", "fs_type");
      case NIC -> Set.of("interface", "kind");
      case HOST -> Set.of();
    };
  }

  private Set<String> catalogueFields(MetricScope scope) {
    return catalogue.scope(scope).stream().map(MetricDefinition::jsonField)
        .collect(Collectors.toSet());
  }

  @ParameterizedTest
  @EnumSource(MetricScope.class)
  void recordPropertiesAreCatalogueFieldsPlusLabels(MetricScope scope) {
    BeanDescription description = Json.mapper().getSerializationConfig()
        .introspect(Json.mapper().constructType(recordOf(scope)));
    Set<String> properties = description.findProperties().stream()
        .map(BeanPropertyDefinition::getName).collect(Collectors.toSet());
    Set<String> expected = new HashSet<>(catalogueFields(scope));
    expected.addAll(labelsOf(scope));
    assertThat(properties).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest
  @EnumSource(MetricScope.class)
  void schemaPropertiesAreCatalogueFieldsPlusLabels(MetricScope scope) throws Exception {
    JsonNode schema;
    try (InputStream in = getClass().getResourceAsStream("/schemas/fleet.telemetry.v1.schema.json")) {
      schema = Json.mapper().readTree(in);
    }
    JsonNode properties = schema.path("$defs").path(scope.name().toLowerCase()).path("properties");
    Set<String> names = new HashSet<>();
    properties.fieldNames().forEachRemaining(names::add);
    Set<String> expected = new HashSet<>(catalogueFields(scope));
    expected.addAll(labelsOf(scope));
    assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
    for (MetricDefinition metric : catalogue.scope(scope)) {
      assertThat(properties.path(metric.jsonField()).path("description").asText())
          .as(metric.jsonField()).contains(metric.prometheusName());
    }
  }

  @Test
  void docsTableListsExactlyTheCatalogue() throws Exception {
    List<String> rows = Files.readAllLines(Path.of("..", "docs", "metrics.md")).stream()
        .filter(l -> l.startsWith("| ") && !l.startsWith("| scope") && !l.startsWith("| ---"))
        .toList();
    Set<String> documented = rows.stream().map(r -> r.split("\\|")[3].trim().replace("`", ""))
        .collect(Collectors.toSet());
    assertThat(rows).hasSize(catalogue.all().size());
    assertThat(documented).containsExactlyInAnyOrderElementsOf(
        catalogue.all().stream().map(MetricDefinition::prometheusName).toList());
    for (MetricDefinition m : catalogue.all()) {
      assertThat(rows).as(m.prometheusName())
          .anyMatch(r -> r.contains("`" + m.prometheusName() + "`")
              && r.contains("| " + m.kind().name().toLowerCase() + " |")
              && r.contains("| " + m.unit() + " |")
              && (m.scale() == 1.0 || r.contains("scale " + BigDecimal.valueOf(m.scale()).toPlainString())));
    }
  }

  /** Prometheus base units: a value the JSON keeps in milliseconds is exported in seconds. */
  @Test
  void diskLatenciesAreExportedInSeconds() {
    assertThat(catalogue.byJsonField(MetricScope.DISK, "average_read_latency_ms"))
        .hasValueSatisfying(m -> {
          assertThat(m.prometheusName()).isEqualTo("fleetscale_disk_read_latency_seconds");
          assertThat(m.unit()).isEqualTo("seconds");
          assertThat(m.scale()).isEqualTo(0.001);
        });
    assertThat(catalogue.all()).filteredOn(m -> m.scale() != 1.0)
        .extracting(MetricDefinition::jsonField)
        .containsExactlyInAnyOrder("average_read_latency_ms", "average_write_latency_ms");
    assertThat(catalogue.all()).extracting(MetricDefinition::prometheusName)
        .noneMatch(n -> n.endsWith("_milliseconds") || n.endsWith("_count"));
  }

  @Test
  void countersAreCountersAndNamesAreUnique() {
    assertThat(catalogue.all()).extracting(MetricDefinition::prometheusName).doesNotHaveDuplicates();
    assertThat(catalogue.all()).filteredOn(m -> m.prometheusName().startsWith("fleetscale_"))
        .allSatisfy(m -> assertThat(m.prometheusName().endsWith("_total"))
            .as(m.prometheusName()).isEqualTo(m.kind() == MetricKind.COUNTER));
    assertThat(catalogue.byPrometheusName("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"))
        .hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(MetricKind.COUNTER));
    assertThat(catalogue.byJsonField(MetricScope.GPU, "temperature_c"))
        .hasValueSatisfying(m -> assertThat(m.prometheusName()).isEqualTo("DCGM_FI_DEV_GPU_TEMP"));
  }
}
