package dev.fleetscale.testkit.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The progress line of {@code ./fleetscale run}, one every 5 s on standard output: hosts (serving
 * of all), telemetry samples per second the optimizer ingests, decisions published, rebalance
 * plans the simulator applied, open capacity demands (raised and not yet covered by a delivered
 * proposal), proposals by status, and per pool its utilization and replicas. It reads what the
 * services expose: the simulator's {@code fleet-state.json}, the optimizer's Prometheus
 * {@code /metrics}, procurement's {@code GET /proposals} and InfluxDB's {@code capacity_demand}
 * (InfluxQL). A source that does not answer shows as {@code ?}; the line never stops the run.
 *
 * <p>Usage: {@code RunProgress <fleet folder> [seconds between lines, default 5]}.
 */
public final class RunProgress {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COUNTER = Pattern.compile("^(fleetscale_optimizer_(?:samples|decisions)_total)(?:\\{[^}]*\\})? ([0-9.eE+-]+)$",
      Pattern.MULTILINE);

  private final Path fleet;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String optimizer;
  private final String procurement;
  private final String influx;
  private final String database;
  private double lastSamples = Double.NaN;
  private long lastAt;

  RunProgress(Path fleet, Map<String, String> env) {
    this.fleet = fleet;
    this.optimizer = env.getOrDefault("FLEETSCALE_PROGRESS_OPTIMIZER_URL", "http://127.0.0.1:9402");
    this.procurement = env.getOrDefault("FLEETSCALE_PROGRESS_PROCUREMENT_URL", "http://127.0.0.1:8083");
    this.influx = env.getOrDefault("FLEETSCALE_INFLUX_URL", "http://127.0.0.1:8086");
    this.database = env.getOrDefault("FLEETSCALE_INFLUX_BUCKET", "fleetscale");
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: RunProgress <fleet folder> [seconds between lines]");
      System.exit(2);
    }
    long every = args.length == 2 ? Long.parseLong(args[1]) : 5;
    RunProgress progress = new RunProgress(Path.of(args[0]), System.getenv());
    long start = System.nanoTime();
    while (true) {
      Thread.sleep(every * 1000);
      System.out.println(progress.line((System.nanoTime() - start) / 1_000_000_000L));
      System.out.flush();
    }
  }

  String line(long seconds) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "progress t+%ds:", seconds));
    JsonNode state = read(fleet.resolve("fleet-state.json"));
    Map<String, Double> counters = counters();
    out.append(" hosts ");
    if (state == null) {
      out.append('?');
    } else {
      int hosts = 0;
      int serving = 0;
      for (JsonNode p : state.path("pools")) {
        hosts += p.path("hosts").asInt();
        serving += p.path("replicas").asInt() + p.path("draining").asInt();
      }
      out.append(serving).append('/').append(hosts).append(" serving");
    }
    Double samples = counters.get("fleetscale_optimizer_samples_total");
    long now = System.nanoTime();
    out.append(", samples/s ");
    if (samples != null && !Double.isNaN(lastSamples)) {
      out.append(String.format(Locale.ROOT, "%.0f", (samples - lastSamples) / ((now - lastAt) / 1e9)));
    } else {
      out.append('?');
    }
    if (samples != null) {
      lastSamples = samples;
      lastAt = now;
    }
    Double decisions = counters.get("fleetscale_optimizer_decisions_total");
    out.append(", decisions ").append(decisions == null ? "?" : String.format(Locale.ROOT, "%.0f", decisions));
    long plans = 0;
    if (state != null) {
      for (JsonNode p : state.path("pools")) {
        plans += p.path("counters").path("plans_applied").asLong();
      }
    }
    out.append(", plans applied ").append(state == null ? "?" : Long.toString(plans));
    JsonNode proposals = get(procurement + "/proposals");
    Set<String> raised = demandIds();
    Set<String> covered = new HashSet<>();
    Map<String, Integer> byStatus = new TreeMap<>();
    if (proposals != null) {
      for (JsonNode p : proposals.isArray() ? proposals : proposals.path("proposals")) {
        String status = p.path("status").asText("?");
        byStatus.merge(status, 1, Integer::sum);
        if (status.equals("DELIVERED")) {
          p.path("demand_ids").forEach(d -> covered.add(d.asText()));
        }
      }
    }
    if (raised == null) {
      out.append(", open demands ?");
    } else {
      raised.removeAll(covered);
      out.append(", open demands ").append(raised.size());
    }
    out.append(", proposals ");
    if (proposals == null) {
      out.append('?');
    } else if (byStatus.isEmpty()) {
      out.append("none");
    } else {
      StringBuilder s = new StringBuilder();
      byStatus.forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append(' ').append(v));
      out.append(s);
    }
    if (state != null) {
      out.append("; util");
      for (JsonNode p : state.path("pools")) {
        out.append(String.format(Locale.ROOT, " %s %.0f %% (%d/%d replicas%s)", p.path("pool").asText(),
            100 * p.path("utilization").asDouble(), p.path("replicas").asInt(), p.path("requested").asInt(),
            p.path("saturated").asBoolean() ? ", saturated" : ""));
      }
    }
    return out.toString();
  }

  private Map<String, Double> counters() {
    Map<String, Double> out = new TreeMap<>();
    String text = text(optimizer + "/metrics");
    if (text != null) {
      Matcher m = COUNTER.matcher(text);
      while (m.find()) {
        out.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
      }
    }
    return out;
  }

  /** Every capacity demand id raised so far, from InfluxDB; null when it does not answer. */
  private Set<String> demandIds() {
    String q = URLEncoder.encode("SELECT demand_id FROM capacity_demand", StandardCharsets.UTF_8);
    JsonNode answer = get(influx + "/query?db=" + URLEncoder.encode(database, StandardCharsets.UTF_8) + "&q=" + q);
    if (answer == null) {
      return null;
    }
    Set<String> ids = new HashSet<>();
    for (JsonNode result : answer.path("results")) {
      for (JsonNode series : result.path("series")) {
        int column = -1;
        JsonNode columns = series.path("columns");
        for (int i = 0; i < columns.size(); i++) {
          if (columns.get(i).asText().equals("demand_id")) {
            column = i;
          }
        }
        for (JsonNode row : series.path("values")) {
          if (column >= 0) {
            ids.add(row.get(column).asText());
          }
        }
      }
    }
    return ids;
  }

  private JsonNode get(String url) {
    String text = text(url);
    try {
      return text == null ? null : JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private String text(String url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() / 100 == 2 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static JsonNode read(Path file) {
    try {
      return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
