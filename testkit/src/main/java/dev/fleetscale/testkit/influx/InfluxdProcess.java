package dev.fleetscale.testkit.influx;

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
import java.util.List;
import java.util.OptionalLong;

/**
 * A real InfluxDB 1.x server ({@code influxd}, the Debian package's 1.6.7) as a child process.
 *
 * <p>The generated configuration binds both the HTTP API and the RPC service (whose default is
 * 0.0.0.0:8088) to 127.0.0.1, turns off usage reporting, the {@code _internal} monitor store, the
 * query log and HTTP access logging, and keeps meta, data and WAL under one folder. 1.6.7 has no
 * /api/v2/write: put an {@link InfluxV2WriteBridge} in front of it for the v2 client.
 *
 * <p>{@link #stop()} keeps the data, {@link #start()} restarts on the same ports, {@link #close()}
 * also deletes a temporary data folder. Methods are synchronized.
 */
public final class InfluxdProcess implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Path DEFAULT_BINARY = Path.of("/usr/bin/influxd");

  private final int httpPort;
  private final int rpcPort;
  private final Path dir;
  private final boolean deleteOnClose;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ChildProcess child;
  private Duration lastStartDuration = Duration.ZERO;

  private InfluxdProcess(int httpPort, int rpcPort, Path dir, boolean deleteOnClose) {
    this.httpPort = httpPort;
    this.rpcPort = rpcPort;
    this.dir = dir;
    this.deleteOnClose = deleteOnClose;
  }

  /** influxd on free loopback ports with its data in a new temporary folder, deleted on close. */
  public static InfluxdProcess onFreePorts() {
    return new InfluxdProcess(
        LoopbackPorts.free(), LoopbackPorts.free(), TempDirs.create("fleetscale-influxd-"), true);
  }

  /** influxd on fixed loopback ports with its data in {@code dir}, kept on close. */
  public static InfluxdProcess onFixedPorts(int httpPort, int rpcPort, Path dir) {
    return new InfluxdProcess(httpPort, rpcPort, dir, false);
  }

  /** The 1.x HTTP API, {@code http://127.0.0.1:port}. */
  public String url() {
    return "http://" + LoopbackPorts.HOST + ":" + httpPort;
  }

  /**
   * Starts influxd and returns once {@code /ping} answers 204. Does nothing if it runs already.
   *
   * @throws IllegalStateException if influxd is not installed, exits, or is not ready in 30 s
   */
  public synchronized void start() {
    if (child != null && child.isAlive()) {
      return;
    }
    long started = System.nanoTime();
    Path binary = binary();
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("influxdb.conf");
      Files.writeString(config, config(), StandardCharsets.UTF_8);
      child =
          ChildProcess.start(
              "influxd:" + httpPort, List.of(binary.toString(), "-config", config.toString()), dir);
      child.awaitReady("answering /ping", START_TIMEOUT, this::pingAnswers);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare influxd in " + dir, e);
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    lastStartDuration = Duration.ofNanos(System.nanoTime() - started);
  }

  /** Stops influxd (SIGTERM, SIGKILL after 10 s), keeping its data. Idempotent. */
  public synchronized void stop() {
    if (child != null) {
      child.kill(Duration.ofSeconds(10));
      child = null;
    }
  }

  @Override
  public synchronized void close() {
    stop();
    if (deleteOnClose) {
      TempDirs.deleteRecursively(dir);
    }
  }

  /**
   * Creates a database (InfluxQL {@code CREATE DATABASE}, a no-op if it exists).
   *
   * @throws IllegalStateException if influxd refuses, with its message
   */
  public void createDatabase(String name) {
    String q = "CREATE DATABASE \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url() + "/query"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
        throw new IllegalStateException(
            "influxd refused " + q + ": " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach influxd at " + url(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating database " + name, e);
    }
  }

  public synchronized Duration lastStartDuration() {
    return lastStartDuration;
  }

  /** influxd's resident set size in KiB; empty when it is not running or not on Linux. */
  public synchronized OptionalLong residentSetKiB() {
    return child == null ? OptionalLong.empty() : child.residentSetKiB();
  }

  private boolean pingAnswers() {
    try {
      HttpRequest ping =
          HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(1)).build();
      return http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path binary() {
    String override = System.getenv("FLEETSCALE_INFLUXD");
    Path binary = override == null || override.isBlank() ? DEFAULT_BINARY : Path.of(override);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "influxd not found: install it with `apt-get install -y influxdb` (looked for " + binary
              + "; set FLEETSCALE_INFLUXD to use another)");
    }
    return binary;
  }

  private String config() {
    String host = LoopbackPorts.HOST;
    return String.join(
        "\n",
        "reporting-enabled = false",
        "bind-address = " + toml(host + ":" + rpcPort),
        "[meta]",
        "  dir = " + toml(dir.resolve("meta")),
        "  logging-enabled = false",
        "[data]",
        "  dir = " + toml(dir.resolve("data")),
        "  wal-dir = " + toml(dir.resolve("wal")),
        "  query-log-enabled = false",
        "[monitor]",
        "  store-enabled = false",
        "[http]",
        "  bind-address = " + toml(host + ":" + httpPort),
        "  log-enabled = false",
        "  pprof-enabled = false",
        "[logging]",
        "  level = \"warn\"",
        "  suppress-logo = true",
        "[subscriber]",
        "  enabled = false",
        "[continuous_queries]",
        "  enabled = false",
        "");
  }

  private static String toml(Object value) {
    return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
