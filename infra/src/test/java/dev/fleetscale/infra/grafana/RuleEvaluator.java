package dev.fleetscale.infra.grafana;

import com.influxdb.client.InfluxDBClient;
import dev.fleetscale.contracts.influx.InfluxQl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Evaluates a provisioned alert rule the way Grafana's unified alerting does, for the subset the
 * Fleetscale rules use, against a real InfluxDB:
 *
 * <ol>
 *   <li>the InfluxQL query, macros expanded by {@link MacroExpander} (range = the rule's
 *       relativeTimeRange, {@code $__interval} = 1m), run through influxdb-client-java's InfluxQL
 *       API; every series is one alert instance, labelled by its GROUP BY tags;
 *   <li>reduce each series to one number: {@code last}, {@code min}, {@code max}, {@code mean},
 *       {@code sum} or {@code count}, dropping nulls (the rules' {@code mode: dropNN});
 *   <li>threshold {@code gt}, {@code lt} (Grafana's {@code >} and {@code <}).
 * </ol>
 *
 * A query that returns no series is {@link Outcome#noData()}; what that means is the rule's
 * noDataState. Thread-safe as far as the client is.
 */
final class RuleEvaluator {

  /** What one evaluation gave: per label set, the reduced value and whether it fires. */
  record Outcome(Map<Map<String, String>, Double> reduced, Set<Map<String, String>> firing) {
    boolean noData() {
      return reduced.isEmpty();
    }
  }

  private final InfluxDBClient client;
  private final String database;

  RuleEvaluator(InfluxDBClient client, String database) {
    this.client = client;
    this.database = database;
  }

  Outcome evaluate(AlertRule rule) {
    String influxql = MacroExpander.expand(rule.query(), rule.range(), Duration.ofMinutes(1), Map.of());
    Map<Map<String, String>, Double> reduced = new LinkedHashMap<>();
    for (InfluxQl.Series s : series(influxql)) {
      Map<String, String> labels = new TreeMap<>(s.tags());
      List<Double> values = new ArrayList<>();
      for (InfluxQl.Row r : s.rows()) {
        double v = r.number(valueColumn(s));
        if (!Double.isNaN(v)) {
          values.add(v);
        }
      }
      if (!values.isEmpty()) {
        reduced.put(labels, reduce(rule.reducer(), values));
      }
    }
    Set<Map<String, String>> firing = reduced.entrySet().stream()
        .filter(e -> compare(rule.operator(), e.getValue(), rule.threshold()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
    return new Outcome(reduced, firing);
  }

  /** All series of the rule's statement; a query error is thrown with InfluxDB's message. */
  List<InfluxQl.Series> series(String influxql) {
    return InfluxQl.query(client, database, influxql);
  }

  /** Grafana reads the single value column of a series (the rules select exactly one). */
  private static String valueColumn(InfluxQl.Series s) {
    List<String> columns = s.columns().stream().filter(c -> !c.equals("time")).toList();
    if (columns.size() != 1) {
      throw new IllegalStateException("an alert query must select one value column, got " + columns);
    }
    return columns.get(0);
  }

  static double reduce(String reducer, List<Double> values) {
    return switch (reducer) {
      case "last" -> values.get(values.size() - 1);
      case "min" -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      case "max" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      case "mean" -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      case "sum" -> values.stream().mapToDouble(Double::doubleValue).sum();
      case "count" -> values.size();
      default -> throw new IllegalArgumentException("reducer " + reducer + " is not implemented here");
    };
  }

  static boolean compare(String operator, double value, double threshold) {
    return switch (operator) {
      case "gt" -> value > threshold;
      case "lt" -> value < threshold;
      default -> throw new IllegalArgumentException("threshold type " + operator + " is not implemented here");
    };
  }
}
