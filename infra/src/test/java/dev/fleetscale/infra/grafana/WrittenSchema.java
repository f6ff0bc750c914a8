package dev.fleetscale.infra.grafana;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The InfluxDB measurements, tags and fields the services really write, read from their Java
 * source (not from a copy), so that a rename on their side fails the Grafana tests instead of
 * silently emptying a dashboard.
 *
 * <p>The source is read, not compiled against: infra must not depend on the services' jars, and
 * the point builders are the single place the names live. The parser understands the one shape
 * both writers use: a {@code static final String} constant per measurement, and per point a
 * {@code Point.measurement(CONSTANT)} (or the optimizer's {@code LineProtocol.measurement}) chain
 * of {@code .addTag("name", …)} / {@code .tag("name", …)} and {@code .addField("name", …)} /
 * {@code .field("name", …)} calls, plus the optimizer's {@code addStats} helper, which adds {@code
 * <metric>_mean}, {@code _max} and {@code _p95} for every {@code RollupMetric} (GPU-scoped ones
 * only on {@code gpu_rollup}). A field whose name is computed at run time (the raw {@code
 * host_sample}'s {@code gpuN_*}) is not known here; the dashboards do not read it.
 *
 * <p>Immutable after {@link #load(Path)}.
 */
final class WrittenSchema {

  private static final Pattern CONSTANT =
      Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]+)\"\\s*;");
  // influxdb-client's Point (addTag/addField) and the optimizer's LineProtocol builder (tag/field).
  private static final Pattern TAG = Pattern.compile("\\.(?:addTag|tag)\\(\\s*\"([^\"]+)\"");
  private static final Pattern FIELD = Pattern.compile("\\.(?:addField|field)\\(\\s*\"([^\"]+)\"");
  private static final Pattern METRIC =
      Pattern.compile("^\\s*([A-Z_0-9]+)\\(\\s*\"([^\"]+)\"\\s*,\\s*(true|false)\\s*\\)", Pattern.MULTILINE);
  private static final Pattern WINDOW = Pattern.compile("^\\s*[A-Z0-9_]+\\(\\s*\"([^\"]+)\"\\s*,\\s*Duration", Pattern.MULTILINE);
  private static final Pattern ENUM_BODY = Pattern.compile("enum\\s+\\w+\\s*\\{([^;}]*)");
  private static final String[] STATS = {"_mean", "_max", "_p95"};

  static final String OPTIMIZER = "optimizer-service/src/main/java/dev/fleetscale/optimizer/";
  static final String MEASUREMENTS = OPTIMIZER + "influx/Measurements.java";
  static final String ROLLUP_METRIC = OPTIMIZER + "rollup/RollupMetric.java";
  static final String WINDOW_SIZE = OPTIMIZER + "rollup/WindowSize.java";
  static final String COST_POINTS = OPTIMIZER + "cost/CostPoints.java";
  static final String PROPOSAL_JOURNAL =
      "procurement-service/src/main/java/dev/fleetscale/procurement/proposal/InfluxProposalJournal.java";
  static final String PROPOSAL_STATUS =
      "contracts/src/main/java/dev/fleetscale/contracts/procurement/ProposalStatus.java";

  private final Map<String, Set<String>> tags;
  private final Map<String, Set<String>> fields;
  private final Set<String> windowTags;
  private final Set<String> proposalStatuses;

  private WrittenSchema(Map<String, Set<String>> tags, Map<String, Set<String>> fields,
      Set<String> windowTags, Set<String> proposalStatuses) {
    this.tags = tags;
    this.fields = fields;
    this.windowTags = windowTags;
    this.proposalStatuses = proposalStatuses;
  }

  /** Reads the writers' source under {@code repositoryRoot} (the parent of the infra module). */
  static WrittenSchema load(Path repositoryRoot) {
    Map<String, Set<String>> tags = new TreeMap<>();
    Map<String, Set<String>> fields = new TreeMap<>();
    Map<String, Boolean> metrics = rollupMetrics(read(repositoryRoot.resolve(ROLLUP_METRIC)));
    for (String file : new String[] {MEASUREMENTS, COST_POINTS, PROPOSAL_JOURNAL}) {
      parsePoints(read(repositoryRoot.resolve(file)), metrics, tags, fields);
    }
    Set<String> windows = matches(WINDOW, read(repositoryRoot.resolve(WINDOW_SIZE)));
    Set<String> statuses = enumConstants(read(repositoryRoot.resolve(PROPOSAL_STATUS)));
    if (windows.isEmpty() || statuses.isEmpty() || metrics.isEmpty()) {
      throw new IllegalStateException("could not read window tags, proposal statuses or rollup"
          + " metrics from the source; has its shape changed? windows=" + windows + " statuses="
          + statuses + " metrics=" + metrics.keySet());
    }
    return new WrittenSchema(tags, fields, windows, statuses);
  }

  private static void parsePoints(String source, Map<String, Boolean> metrics,
      Map<String, Set<String>> tags, Map<String, Set<String>> fields) {
    Map<String, String> constants = new HashMap<>();
    Matcher c = CONSTANT.matcher(source);
    while (c.find()) {
      constants.put(c.group(1), c.group(2));
    }
    String[] chunks = source.split("(?:Point|LineProtocol)\\.measurement\\(", -1);
    for (int i = 1; i < chunks.length; i++) {
      String chunk = chunks[i];
      String ref = chunk.substring(0, chunk.indexOf(')')).trim();
      String measurement = ref.startsWith("\"") ? ref.replace("\"", "") : constants.get(ref);
      if (measurement == null) {
        throw new IllegalStateException("measurement(" + ref + ") names no constant");
      }
      Set<String> t = tags.computeIfAbsent(measurement, k -> new TreeSet<>());
      Set<String> f = fields.computeIfAbsent(measurement, k -> new TreeSet<>());
      t.addAll(matches(TAG, chunk));
      f.addAll(matches(FIELD, chunk));
      if (chunk.contains("addStats(")) {
        boolean gpuOnly = measurement.equals("gpu_rollup");
        metrics.forEach((field, gpuScoped) -> {
          if (gpuScoped || !gpuOnly) {
            for (String stat : STATS) {
              f.add(field + stat);
            }
          }
        });
      }
    }
  }

  private static Map<String, Boolean> rollupMetrics(String source) {
    Map<String, Boolean> metrics = new TreeMap<>();
    Matcher m = METRIC.matcher(source);
    while (m.find()) {
      metrics.put(m.group(2), Boolean.parseBoolean(m.group(3)));
    }
    return metrics;
  }

  private static Set<String> enumConstants(String source) {
    Matcher body = ENUM_BODY.matcher(source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", ""));
    Set<String> out = new LinkedHashSet<>();
    if (body.find()) {
      for (String name : body.group(1).split(",")) {
        if (!name.isBlank()) {
          out.add(name.trim());
        }
      }
    }
    return out;
  }

  private static Set<String> matches(Pattern p, String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the writer's source " + file
          + " (the Grafana tests check their names against it)", e);
    }
  }

  Set<String> measurements() {
    return tags.keySet();
  }

  /** Tag keys of {@code measurement}; empty if it is not written. */
  Set<String> tags(String measurement) {
    return tags.getOrDefault(measurement, Set.of());
  }

  /** Field keys of {@code measurement}; empty if it is not written. */
  Set<String> fields(String measurement) {
    return fields.getOrDefault(measurement, Set.of());
  }

  /** Values of the rollups' {@code window} tag, e.g. {@code 1m}. */
  Set<String> windowTags() {
    return windowTags;
  }

  /** Values of {@code procurement_proposal}'s {@code status} tag. */
  Set<String> proposalStatuses() {
    return proposalStatuses;
  }
}
