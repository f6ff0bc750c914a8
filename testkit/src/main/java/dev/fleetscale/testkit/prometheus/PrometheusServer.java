package dev.fleetscale.testkit.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscale.testkit.stack.ChildProcess;
import dev.fleetscale.testkit.stack.LoopbackPorts;
import dev.fleetscale.testkit.stack.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus server ({@code /usr/bin/prometheus}, Debian's 2.42) as a child process,
 * scraping the given loopback targets every {@value #SCRAPE_INTERVAL_SECONDS} s.
 *
 * <p>It listens on a free loopback port, keeps its TSDB in a temporary folder deleted on {@link
 * #close()}, and is asked what it scraped through its HTTP API ({@code /api/v1/targets}, {@code
 * /api/v1/query}), as a user or Grafana would. Methods are synchronized.
 */
public final class PrometheusServer implements AutoCloseable {

  static final int SCRAPE_INTERVAL_SECONDS = 2;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Path DEFAULT_BINARY = Path.of("/usr/bin/prometheus");

  /**
   * One scrape target.
   *
   * @param job the {@code job} label Prometheus gives its series
   * @param port the loopback port the service listens on
   * @param metricsPath its exposition path, e.g. {@code /metrics}
   */
  public record Target(String job, int port, String metricsPath) {
    public Target {
      if (job == null || !job.matches("[a-zA-Z_][a-zA-Z0-9_-]*")) {
        throw new IllegalArgumentException("job must be a plain name, was " + job);
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port must be 1..65535, was " + port);
      }
      if (metricsPath == null || !metricsPath.startsWith("/")) {
        throw new IllegalArgumentException("metricsPath must start with '/', was " + metricsPath);
      }
    }

    /** {@code job} at {@code 127.0.0.1:port/metrics}. */
    public static Target metrics(String job, int port) {
      return new Target(job, port, "/metrics");
    }
  }

  /** One series of an instant-vector query result. */
  public record Sample(Map<String, String> labels, double value) {}

  private final int port;
  private final Path dir;
  private final List<Target> targets;
  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ChildProcess child;

  private PrometheusServer(int port, Path dir, List<Target> targets) {
    this.port = port;
    this.dir = dir;
    this.targets = List.copyOf(targets);
  }

  /**
   * Starts Prometheus scraping {@code targets} and returns once it is ready ({@code /-/ready}).
   *
   * @throws IllegalStateException if prometheus is not installed, exits, or is not ready in 60 s
   */
  public static PrometheusServer start(List<Target> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("targets must not be empty");
    }
    PrometheusServer server =
        new PrometheusServer(LoopbackPorts.free(), TempDirs.create("fleetscale-prometheus-"), targets);
    try {
      server.launch();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The HTTP API, {@code http://127.0.0.1:port}. */
  public String url() {
    return "http://" + LoopbackPorts.HOST + ":" + port;
  }

  private synchronized void launch() {
    Path binary = binary();
    Path config = dir.resolve("prometheus.yml");
    try {
      Files.writeString(config, config(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + config, e);
    }
    child = ChildProcess.start(
        "prometheus:" + port,
        List.of(
            binary.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=" + LoopbackPorts.HOST + ":" + port,
            "--log.level=warn"),
        dir);
    child.awaitReady("ready", START_TIMEOUT, () -> status("/-/ready") == 200);
  }

  /**
   * Waits until every target's last scrape succeeded.
   *
   * @throws IllegalStateException after {@code timeout}, naming each target that is not up and
   *     the scrape error Prometheus gives for it
   */
  public void awaitTargetsUp(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode active = get("/api/v1/targets?state=active").path("data").path("activeTargets");
      List<String> notUp = new ArrayList<>();
      for (Target target : targets) {
        String instance = LoopbackPorts.HOST + ":" + target.port();
        JsonNode found = null;
        for (JsonNode t : active) {
          if (target.job().equals(t.path("labels").path("job").asText())
              && instance.equals(t.path("labels").path("instance").asText())) {
            found = t;
          }
        }
        if (found == null || !"up".equals(found.path("health").asText())) {
          notUp.add(target.job() + " " + instance + target.metricsPath() + ": "
              + (found == null ? "not yet listed" : found.path("health").asText() + " "
                  + found.path("lastError").asText()));
        }
      }
      if (notUp.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Prometheus targets not up within " + timeout + ": " + notUp);
      }
      pause();
    }
  }

  /**
   * An instant query through {@code /api/v1/query}.
   *
   * @return the result vector, empty when nothing matches
   * @throws IllegalStateException if Prometheus answers with an error (bad PromQL), with its message
   */
  public List<Sample> query(String promql) {
    JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(answer.path("status").asText())) {
      throw new IllegalStateException("Prometheus refused query " + promql + ": " + answer);
    }
    JsonNode data = answer.path("data");
    if (!"vector".equals(data.path("resultType").asText())) {
      throw new IllegalStateException("query " + promql + " gave a " + data.path("resultType").asText()
          + ", expected an instant vector");
    }
    List<Sample> samples = new ArrayList<>();
    for (JsonNode series : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      series.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      samples.add(new Sample(Map.copyOf(labels), Double.parseDouble(series.path("value").path(1).asText())));
    }
    return List.copyOf(samples);
  }

  /**
   * Repeats {@link #query} until it returns at least one series.
   *
   * @throws IllegalStateException if it is still empty after {@code timeout}
   */
  public List<Sample> awaitQuery(String promql, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Sample> result = query(promql);
      if (!result.isEmpty()) {
        return result;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("query " + promql + " still empty after " + timeout);
      }
      pause();
    }
  }

  @Override
  public synchronized void close() {
    if (child != null) {
      child.kill(Duration.ofSeconds(10));
      child = null;
    }
    TempDirs.deleteRecursively(dir);
  }

  String config() {
    StringBuilder yaml = new StringBuilder()
        .append("global:\n")
        .append("  scrape_interval: ").append(SCRAPE_INTERVAL_SECONDS).append("s\n")
        .append("  scrape_timeout: ").append(SCRAPE_INTERVAL_SECONDS).append("s\n")
        .append("  evaluation_interval: 10s\n")
        .append("scrape_configs:\n");
    Map<String, List<Target>> jobs = new LinkedHashMap<>();
    for (Target target : targets) {
      jobs.computeIfAbsent(target.job(), k -> new ArrayList<>()).add(target);
    }
    for (List<Target> job : jobs.values()) {
      Target first = job.get(0);
      yaml.append("  - job_name: '").append(first.job()).append("'\n")
          .append("    metrics_path: '").append(first.metricsPath().replace("'", "''")).append("'\n")
          .append("    static_configs:\n")
          .append("      - targets:\n");
      for (Target target : job) {
        if (!target.metricsPath().equals(first.metricsPath())) {
          throw new IllegalArgumentException("targets of job " + first.job()
              + " must share one metricsPath: " + first.metricsPath() + " and " + target.metricsPath());
        }
        yaml.append("          - '").append(LoopbackPorts.HOST).append(':').append(target.port()).append("'\n");
      }
    }
    return yaml.toString();
  }

  private JsonNode get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return mapper.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach Prometheus at " + url() + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Prometheus", e);
    }
  }

  private int status(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(1)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Prometheus", e);
    }
  }

  static Path binary() {
    String override = System.getenv("FLEETSCALE_PROMETHEUS");
    Path binary = override == null || override.isBlank() ? DEFAULT_BINARY : Path.of(override);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "prometheus not found: install it with `apt-get install -y prometheus` (looked for " + binary
              + "; set FLEETSCALE_PROMETHEUS to use another)");
    }
    return binary;
  }
}
