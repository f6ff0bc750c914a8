package dev.fleetscale.testkit.stack;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.testkit.influx.InfluxV2WriteBridge;
import dev.fleetscale.testkit.influx.InfluxdProcess;
import dev.fleetscale.testkit.kafka.KafkaBrokerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The local stack for development: one Kafka broker and one influxd behind the v2 write bridge, on
 * fixed loopback ports, with data kept across runs. Runs until SIGTERM or Ctrl-C, then stops both.
 * When the broker or influxd exits on its own, it says which, with that server's last output
 * lines, stops the other and exits with status 1.
 *
 * <pre>
 * java -cp &lt;testkit classpath&gt; dev.fleetscale.testkit.stack.LocalStack [kafkaPort]
 * </pre>
 *
 * <p>Environment (all optional):
 *
 * <ul>
 *   <li>{@code FLEETSCALE_STACK_DIR}: data folder, default {@code ./.local/stack}
 *   <li>{@code FLEETSCALE_KAFKA_PORT}: broker port, default 9092 (the first argument wins); the
 *       KRaft controller listens on the next port
 *   <li>{@code FLEETSCALE_INFLUX_PORT}: the v2 bridge, default 8086 (give this URL to services)
 *   <li>{@code FLEETSCALE_INFLUXD_PORT}: influxd's own 1.x API, default 8186; its RPC service
 *       listens on the next port
 * </ul>
 *
 * <p>It creates the database {@value #DATABASE} and every topic of {@link Topics} (3 partitions).
 */
public final class LocalStack {

  /** The InfluxDB database (= v2 bucket) the services write to. */
  public static final String DATABASE = "fleetscale";

  static final List<String> TOPICS =
      List.of(Topics.TELEMETRY, Topics.AUTOSCALE, Topics.REBALANCE, Topics.CAPACITY_DEMAND,
          Topics.PROPOSALS, Topics.DEADLETTER);
  private static final int TOPIC_PARTITIONS = 3;

  private LocalStack() {}

  public static void main(String[] args) throws Exception {
    // Before anything logs: the clients' INFO/DEBUG output would bury the one line that matters.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty(
          "logback.configurationFile", "dev/fleetscale/testkit/stack/local-stack-logback.xml");
    }
    Map<String, String> env = System.getenv();
    int kafkaPort = args.length > 0 ? Integer.parseInt(args[0]) : port(env, "FLEETSCALE_KAFKA_PORT", 9092);
    int bridgePort = port(env, "FLEETSCALE_INFLUX_PORT", 8086);
    int influxdPort = port(env, "FLEETSCALE_INFLUXD_PORT", 8186);
    Path dir = Path.of(env.getOrDefault("FLEETSCALE_STACK_DIR", ".local/stack")).toAbsolutePath();

    KafkaBrokerProcess kafka = KafkaBrokerProcess.onFixedPorts(kafkaPort, kafkaPort + 1, dir.resolve("kafka"));
    InfluxdProcess influxd = InfluxdProcess.onFixedPorts(influxdPort, influxdPort + 1, dir.resolve("influxd"));
    InfluxV2WriteBridge[] bridge = new InfluxV2WriteBridge[1];
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (bridge[0] != null) {
        bridge[0].close();
      }
      influxd.close();
      kafka.close();
    }, "local-stack-stop"));
    CompletableFuture<ChildProcess.Exit> died = new CompletableFuture<>();
    ChildProcess.onUnexpectedExit(died::complete);

    try {
      influxd.start();
      influxd.createDatabase(DATABASE);
      bridge[0] = InfluxV2WriteBridge.start(influxd.url(), bridgePort);
      kafka.start();
      createTopics(kafka.bootstrapServers());
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      System.err.println("fleetscale local stack: cannot start: " + e.getMessage());
      System.err.flush();
      System.exit(1);
    }

    System.out.printf(
        "fleetscale local stack ready: kafka=%s influx=%s (v2 bridge; org any, bucket %s) influxd=%s data=%s%n",
        kafka.bootstrapServers(), bridge[0].url(), DATABASE, influxd.url(), dir);
    System.out.flush();
    ChildProcess.Exit exit = died.get(); // SIGTERM and Ctrl-C end the JVM through the hook instead
    System.err.println("fleetscale local stack: " + exit.describe());
    System.err.flush();
    System.exit(1);
  }

  private static void createTopics(String bootstrapServers)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      var existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      List<NewTopic> missing =
          TOPICS.stream()
              .filter(topic -> !existing.contains(topic))
              .map(topic -> new NewTopic(topic, TOPIC_PARTITIONS, (short) 1))
              .collect(Collectors.toList());
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'", e);
    }
  }
}
