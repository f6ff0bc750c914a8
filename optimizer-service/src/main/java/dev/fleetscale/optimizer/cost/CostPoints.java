package dev.fleetscale.optimizer.cost;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code cost_allocation} points (docs/influxdb-schema.md is the reader's copy of this
 * class). One fixed tag set: {@code cluster, pool, host, gpu, workload, window}; money in integer
 * micro-dollars, so InfluxQL's SUM over any set of points is exact; time is the window's end, so
 * a replayed window rewrites the same points. Stateless.
 */
public final class CostPoints {

  public static final String MEASUREMENT = "cost_allocation";
  /** The {@code window} tag: allocation is hourly. */
  public static final String WINDOW = "1h";
  private static final double US_PER_HOUR = 3_600_000_000.0;

  private CostPoints() {}

  /** Line-protocol lines, millisecond timestamps (the host stage writes them with its rollups). */
  public static List<String> lines(List<CostRow> rows) {
    return rows.stream().map(r -> point(r).toLineProtocol()).toList();
  }

  public static Point point(CostRow r) {
    Point p = Point.measurement(MEASUREMENT)
        .addTag("cluster", r.cluster())
        .addTag("pool", r.pool())
        .addTag("host", r.host())
        .addTag("gpu", r.gpu())
        .addTag("workload", r.workload())
        .addTag("window", WINDOW)
        .addField("allocated_gpu_hours", r.allocatedUs() / US_PER_HOUR)
        .addField("used_gpu_hours", r.usedUs() / US_PER_HOUR)
        .addField("idle_allocated_gpu_hours", r.idleAllocatedUs() / US_PER_HOUR)
        .addField("unallocated_gpu_hours", r.unallocatedUs() / US_PER_HOUR)
        .addField("unmeasured_gpu_hours", r.unmeasuredUs() / US_PER_HOUR)
        .addField("energy_kwh", r.energyMj() / 3_600_000_000.0)
        .addField("gpu_cost_micro_usd", r.gpuCost())
        .addField("ssd_cost_micro_usd", r.ssdCost())
        .addField("network_cost_micro_usd", r.networkCost())
        .addField("energy_cost_micro_usd", r.energyCost())
        .addField("cost_micro_usd", r.cost())
        .addField("idle_cost_micro_usd", r.idle() ? r.cost() : 0L)
        .addField("rate_source", r.rateSource())
        .time(r.end(), WritePrecision.MS);
    long measured = r.allocatedUs() - r.unmeasuredUs();
    if (measured > 0) {
      p.addField("efficiency", r.usedUs() / measured);
    }
    if (r.workloadKind() != null) {
      p.addField("workload_kind", r.workloadKind());
    }
    if (r.workloadName() != null) {
      p.addField("workload_name", r.workloadName());
    }
    if (r.labels() != null && !r.labels().isEmpty()) {
      p.addField("labels", labels(r.labels()));
    }
    return p;
  }

  /**
   * Labels as one string field, {@code k=v} pairs sorted by key, comma-separated, with {@code \}
   * escaping {@code \ , =}: a tag per label would make the tag set open-ended.
   */
  public static String labels(Map<String, String> labels) {
    return new TreeMap<>(labels).entrySet().stream()
        .map(e -> escape(e.getKey()) + "=" + escape(e.getValue()))
        .collect(Collectors.joining(","));
  }

  /** The inverse of {@link #labels(Map)}. */
  public static Map<String, String> parseLabels(String text) {
    Map<String, String> out = new TreeMap<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    StringBuilder key = new StringBuilder();
    StringBuilder value = new StringBuilder();
    StringBuilder current = key;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        current.append(text.charAt(++i));
      } else if (c == '=' && current == key) {
        current = value;
      } else if (c == ',') {
        out.put(key.toString(), value.toString());
        key.setLength(0);
        value.setLength(0);
        current = key;
      } else {
        current.append(c);
      }
    }
    out.put(key.toString(), value.toString());
    return out;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }
}
