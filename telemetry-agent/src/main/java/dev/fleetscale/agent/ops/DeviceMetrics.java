package dev.fleetscale.agent.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscale.contracts.metrics.MetricCatalogue;
import dev.fleetscale.contracts.metrics.MetricDefinition;
import dev.fleetscale.contracts.metrics.MetricKind;
import dev.fleetscale.contracts.metrics.MetricScope;
import dev.fleetscale.contracts.serde.Json;
import dev.fleetscale.contracts.telemetry.HostSample;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The newest sample's device values in the Prometheus text format, under the names, kinds and help
 * of the contracts' metric catalogue, so a scrape of the agent reads like a scrape of
 * dcgm-exporter (GPU labels {@code gpu}, {@code UUID}, {@code pci_bus_id}, {@code device}, {@code
 * modelName}, {@code Hostname}).
 *
 * <p>Written here rather than through Micrometer because Micrometer renames counters (it appends
 * {@code _total}, so {@code DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION} would not keep its upstream name)
 * and keeps a meter per device after the device is gone; this renders exactly what the last
 * sample holds. Values come from the sample's JSON form, whose field names are the catalogue's
 * {@code json_field}, times its {@code scale}, so a catalogue row needs no code here. A field the sample does not carry (not
 * supported, not measured) gives no line, never a placeholder. Stateless and thread-safe.
 */
public final class DeviceMetrics {

  private final MetricCatalogue catalogue;
  private final ObjectMapper mapper = Json.mapper();

  public DeviceMetrics(MetricCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** The exposition text; empty when there is no sample yet. */
  public String render(HostSample sample) {
    if (sample == null) {
      return "";
    }
    JsonNode root = mapper.valueToTree(sample);
    String host = sample.hostId();
    Map<MetricScope, List<Row>> rows = new LinkedHashMap<>();
    rows.put(MetricScope.GPU, rows(root.path("gpus"), gpu -> Map.of(
        "gpu", gpu.path("index").asText(),
        "UUID", gpu.path("uuid").asText(),
        "pci_bus_id", gpu.path("pci_bus_id").asText(""),
        "device", "nvidia" + gpu.path("index").asText(),
        "modelName", gpu.path("name").asText(""),
        "Hostname", host)));
    rows.put(MetricScope.DISK, rows(root.path("disks"), d -> Map.of(
        "device", d.path("device").asText(), "Hostname", host)));
    rows.put(MetricScope.FILESYSTEM, rows(root.path("filesystems"), f -> Map.of(
        "mountpoint", f.path("mount_point").asText(),
        "device", f.path("device").asText(""),
        "fstype", f.path("fs_type").asText(""),
        "Hostname", host)));
    rows.put(MetricScope.NIC, rows(root.path("nics"), n -> Map.of(
        "interface", n.path("interface").asText(),
        "kind", n.path("kind").asText(""),
        "Hostname", host)));
    List<Row> hostRow = new ArrayList<>();
    if (root.has("host")) {
      hostRow.add(new Row(root.path("host"), Map.of("Hostname", host)));
    }
    rows.put(MetricScope.HOST, hostRow);

    StringBuilder out = new StringBuilder(8192);
    for (MetricDefinition metric : catalogue.all()) {
      boolean headerWritten = false;
      for (Row row : rows.getOrDefault(metric.scope(), List.of())) {
        String value = value(row.node().get(metric.jsonField()), metric.scale());
        if (value == null) {
          continue;
        }
        if (!headerWritten) {
          out.append("# HELP ").append(metric.prometheusName()).append(' ')
              .append(metric.help().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
          out.append("# TYPE ").append(metric.prometheusName()).append(' ')
              .append(metric.kind() == MetricKind.COUNTER ? "counter" : "gauge").append('\n');
          headerWritten = true;
        }
        out.append(metric.prometheusName()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : sorted(row.labels())) {
          if (!first) {
            out.append(',');
          }
          first = false;
          out.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
        }
        out.append("} ").append(value).append('\n');
      }
    }
    return out.toString();
  }

  private static List<Row> rows(JsonNode array, java.util.function.Function<JsonNode, Map<String, String>> labels) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode item : array) {
      rows.add(new Row(item, labels.apply(item)));
    }
    return rows;
  }

  /**
   * Numbers times the catalogue's scale (the disk latencies: JSON milliseconds, Prometheus
   * seconds), booleans as 1/0, an Xid list as its last code (dcgm-exporter's view).
   */
  static String value(JsonNode node, double scale) {
    if (scale != 1.0 && node != null && node.isNumber()) {
      String unscaled = value(node);
      // In decimal, so 0.1 ms is 0.0001 s and not 1.0000000000000002E-4.
      return unscaled == null ? null
          : new BigDecimal(unscaled).multiply(BigDecimal.valueOf(scale)).stripTrailingZeros().toPlainString();
    }
    return value(node);
  }

  static String value(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? "1" : "0";
    }
    if (node.isArray()) {
      return node.isEmpty() ? null : value(node.get(node.size() - 1).get("xid"));
    }
    if (node.isIntegralNumber()) {
      return node.asText();
    }
    if (node.isNumber()) {
      double d = node.doubleValue();
      return Double.isFinite(d) ? String.format(Locale.ROOT, "%s", d) : null;
    }
    return null;
  }

  private static List<Map.Entry<String, String>> sorted(Map<String, String> labels) {
    List<Map.Entry<String, String>> entries = new ArrayList<>(labels.entrySet());
    entries.sort(Map.Entry.comparingByKey());
    return entries;
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private record Row(JsonNode node, Map<String, String> labels) {}
}
