package dev.fleetscale.gateway.fleet;

import dev.fleetscale.contracts.influx.InfluxQl;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rolled-up metric of a window, as the optimizer writes it ({@code <metric>_mean},
 * {@code _max}, {@code _p95}; docs/influxdb-schema.md): null where not reported, never zero.
 */
@Serdeable
public record Metric(@Nullable Double mean, @Nullable Double max, @Nullable Double p95) {

  /** Every {@code <prefix>_mean/_max/_p95} triple of a row, by prefix, in column order. */
  static Map<String, Metric> of(InfluxQl.Row row) {
    Map<String, Metric> out = new LinkedHashMap<>();
    row.cells().keySet().stream().filter(c -> c.endsWith("_mean")).forEach(column -> {
      String prefix = column.substring(0, column.length() - "_mean".length());
      out.put(prefix, new Metric(number(row, prefix + "_mean"), number(row, prefix + "_max"),
          number(row, prefix + "_p95")));
    });
    return out;
  }

  static Double number(InfluxQl.Row row, String column) {
    double v = row.number(column);
    return Double.isNaN(v) ? null : v;
  }

  static Long integer(InfluxQl.Row row, String column) {
    Double v = number(row, column);
    return v == null ? null : v.longValue();
  }
}
