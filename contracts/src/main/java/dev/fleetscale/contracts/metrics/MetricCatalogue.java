package dev.fleetscale.contracts.metrics;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metric catalogue, loaded from the class-path resource {@value #RESOURCE}: one row per
 * measured field of a {@code HostSample}, with its Prometheus name, kind, unit, help and source,
 * and an optional {@code scale} (default 1) from the JSON value to the Prometheus one.
 * Exporters, dashboards and docs are checked against it. Immutable and thread-safe.
 */
public final class MetricCatalogue {

  /** Class-path location of the CSV. */
  public static final String RESOURCE = "/metrics/catalogue.csv";

  private static final MetricCatalogue DEFAULT = load();

  private final List<MetricDefinition> metrics;

  private MetricCatalogue(List<MetricDefinition> metrics) {
    this.metrics = List.copyOf(metrics);
  }

  /** The catalogue shipped in this jar. */
  public static MetricCatalogue standard() {
    return DEFAULT;
  }

  /** Every metric, in file order. */
  public List<MetricDefinition> all() {
    return metrics;
  }

  /** The metrics of one scope, in file order. */
  public List<MetricDefinition> scope(MetricScope scope) {
    return metrics.stream().filter(m -> m.scope() == scope).toList();
  }

  /** The metric for a JSON field of a scope. */
  public Optional<MetricDefinition> byJsonField(MetricScope scope, String jsonField) {
    return metrics.stream()
        .filter(m -> m.scope() == scope && m.jsonField().equals(jsonField))
        .findFirst();
  }

  /** The metric with this Prometheus name. */
  public Optional<MetricDefinition> byPrometheusName(String name) {
    return metrics.stream().filter(m -> m.prometheusName().equals(name)).findFirst();
  }

  private static MetricCatalogue load() {
    CsvMapper csv = new CsvMapper();
    CsvSchema header = CsvSchema.emptySchema().withHeader();
    List<MetricDefinition> rows = new ArrayList<>();
    Set<String> names = new HashSet<>();
    try (InputStream in = MetricCatalogue.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("metric catalogue missing from the class path: " + RESOURCE);
      }
      MappingIterator<Map<String, String>> it =
          csv.readerForMapOf(String.class).with(header).readValues(in);
      int line = 1;
      while (it.hasNext()) {
        line++;
        Map<String, String> row = it.next();
        MetricDefinition metric =
            new MetricDefinition(
                MetricScope.valueOf(required(row, "scope", line).toUpperCase(Locale.ROOT)),
                required(row, "json_field", line),
                required(row, "prometheus_name", line),
                MetricKind.valueOf(required(row, "kind", line).toUpperCase(Locale.ROOT)),
                required(row, "unit", line),
                required(row, "help", line),
                required(row, "source", line),
                scale(row, line));
        if (!names.add(metric.prometheusName())) {
          throw new IllegalStateException(
              RESOURCE + " line " + line + ": duplicate name " + metric.prometheusName());
        }
        rows.add(metric);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new MetricCatalogue(rows);
  }

  private static double scale(Map<String, String> row, int line) {
    String value = row.get("scale");
    if (value == null || value.isBlank()) {
      return 1.0;
    }
    try {
      double scale = Double.parseDouble(value.strip());
      if (scale > 0 && !Double.isInfinite(scale)) {
        return scale;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalStateException(
        RESOURCE + " line " + line + ": scale must be a positive number, was '" + value + "'");
  }

  private static String required(Map<String, String> row, String column, int line) {
    String value = row.get(column);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(RESOURCE + " line " + line + ": " + column + " is empty");
    }
    return value;
  }
}
