package dev.fleetscale.testkit.kafka;

import dev.fleetscale.testkit.stack.ChildProcess;
import dev.fleetscale.testkit.stack.LoopbackPorts;
import dev.fleetscale.testkit.stack.TempDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka 4.1 broker in KRaft combined mode (broker and controller in one
 * process), running in a child JVM on 127.0.0.1.
 *
 * <p>The broker's jars come from the classpath that module {@code kafka-broker} writes into its jar
 * ({@code fleetscale/kafka-broker.classpath}), so Kafka 4.x server classes never share a classpath
 * with the services' kafka-clients 3.9. The broker JVM runs with {@code -Xmx512m} and the serial
 * collector, which keeps it small and quick to start on a 2-core machine.
 *
 * <p>{@link #stop()} kills the broker and keeps its data; {@link #start()} brings it back on the
 * same ports with the same data, so tests can simulate an outage. {@link #close()} stops it and,
 * for instances made by {@link #onFreePorts()}, deletes the data. Methods are synchronized; one
 * instance may be shared by threads.
 */
public final class KafkaBrokerProcess implements KafkaBroker {

  static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final String CLASSPATH_RESOURCE = "fleetscale/kafka-broker.classpath";
  private static final String LOG4J2_RESOURCE = "fleetscale/kafka-broker-log4j2.xml";

  private final int port;
  private final int controllerPort;
  private final Path dir;
  private final boolean deleteOnClose;
  /** The SASL_SSL listener, or null for a PLAINTEXT-only broker. */
  private final KafkaSecurity security;
  private ChildProcess child;
  private Duration lastStartDuration = Duration.ZERO;

  private KafkaBrokerProcess(int port, int controllerPort, Path dir, boolean deleteOnClose) {
    this(port, controllerPort, dir, deleteOnClose, null);
  }

  private KafkaBrokerProcess(int port, int controllerPort, Path dir, boolean deleteOnClose,
      KafkaSecurity security) {
    this.port = port;
    this.controllerPort = controllerPort;
    this.dir = dir;
    this.deleteOnClose = deleteOnClose;
    this.security = security;
  }

  /**
   * A broker on free loopback ports with, besides its PLAINTEXT listener (the broker's own and the
   * test's set-up, as super user), a SASL_SSL listener: TLS with a certificate generated now,
   * valid for {@code certificateDays}, SCRAM-SHA-512 and StandardAuthorizer ACLs
   * ({@link KafkaSecurity}). Data in a new temporary folder, deleted on close.
   */
  public static KafkaBrokerProcess securedOnFreePorts(int certificateDays) {
    Path dir = TempDirs.create("fleetscale-kafka-secured-");
    KafkaSecurity security = new KafkaSecurity(KafkaTls.generate(dir, certificateDays), LoopbackPorts.free());
    return new KafkaBrokerProcess(LoopbackPorts.free(), LoopbackPorts.free(), dir, true, security);
  }

  /** The SASL_SSL listener's {@code host:port}; only for {@link #securedOnFreePorts}. */
  public String saslBootstrapServers() {
    return LoopbackPorts.HOST + ":" + security().saslPort();
  }

  /** The secured listener's settings; only for {@link #securedOnFreePorts}. */
  public KafkaSecurity security() {
    if (security == null) {
      throw new IllegalStateException("this broker has no SASL_SSL listener (use securedOnFreePorts)");
    }
    return security;
  }

  /** A broker on free loopback ports with its data in a new temporary folder, deleted on close. */
  public static KafkaBrokerProcess onFreePorts() {
    return new KafkaBrokerProcess(
        LoopbackPorts.free(), LoopbackPorts.free(), TempDirs.create("fleetscale-kafka-"), true);
  }

  /**
   * A broker on fixed loopback ports whose data lives in {@code dir} and survives close (the local
   * stack). A folder formatted by an earlier run is reused as is.
   */
  public static KafkaBrokerProcess onFixedPorts(int port, int controllerPort, Path dir) {
    return new KafkaBrokerProcess(port, controllerPort, dir, false);
  }

  @Override
  public String bootstrapServers() {
    return LoopbackPorts.HOST + ":" + port;
  }

  /**
   * Formats the storage on first use, starts the broker and returns once it accepts connections
   * and answers an admin request. Does nothing if it is already running.
   *
   * @throws IllegalStateException if it is not ready within 30 s or exits; the message carries
   *     the broker's last output lines
   */
  @Override
  public synchronized void start() {
    if (child != null && child.isAlive()) {
      return;
    }
    long started = System.nanoTime();
    try {
      Files.createDirectories(dir);
      Path properties = writeServerProperties();
      Path log4j2 = extractResource(LOG4J2_RESOURCE, dir.resolve("log4j2.xml"));
      String classpath = brokerClasspath();
      formatStorageIfNew(classpath, properties);
      List<String> command = new ArrayList<>();
      command.add(javaBinary());
      command.addAll(
          List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
              "-Dlog4j2.configurationFile=" + log4j2.toUri(), "-cp", classpath, "kafka.Kafka",
              properties.toString()));
      child = ChildProcess.start("kafka-broker:" + port, command, dir);
      child.awaitReady("accepting connections", START_TIMEOUT, () -> LoopbackPorts.answers(port));
      child.awaitReady("answering describeCluster", START_TIMEOUT, this::describeClusterSucceeds);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the Kafka broker in " + dir, e);
    } catch (RuntimeException e) {
      if (child != null) {
        child.kill(Duration.ofSeconds(5));
        child = null;
      }
      throw e;
    }
    lastStartDuration = Duration.ofNanos(System.nanoTime() - started);
  }

  /** Kills the broker (SIGTERM, then SIGKILL after 10 s) and keeps its data. Idempotent. */
  @Override
  public synchronized void stop() {
    if (child != null) {
      child.kill(Duration.ofSeconds(10));
      child = null;
    }
  }

  /** Stops the broker; deletes its data if it lives in a temporary folder. */
  @Override
  public synchronized void close() {
    stop();
    if (deleteOnClose) {
      TempDirs.deleteRecursively(dir);
    }
  }

  /** How long the last {@link #start()} took until the broker was ready. */
  public synchronized Duration lastStartDuration() {
    return lastStartDuration;
  }

  /** The broker JVM's resident set size in KiB; empty when it is not running or not on Linux. */
  public synchronized OptionalLong residentSetKiB() {
    return child == null ? OptionalLong.empty() : child.residentSetKiB();
  }

  /** The broker JVM's process id; -1 when it is not running. */
  public synchronized long pid() {
    return child == null ? -1 : child.pid();
  }

  private Path writeServerProperties() throws IOException {
    String host = LoopbackPorts.HOST;
    String sasl = security == null ? "" : ",SASL_SSL://" + host + ":" + security.saslPort();
    // Single node: every internal topic has one replica, and few partitions so they appear fast.
    String text =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@" + host + ":" + controllerPort,
            "listeners=PLAINTEXT://" + host + ":" + port + sasl + ",CONTROLLER://" + host + ":"
                + controllerPort,
            "advertised.listeners=PLAINTEXT://" + host + ":" + port + sasl,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                + (security == null ? "" : ",SASL_SSL:SASL_SSL"),
            security == null ? "" : String.join("\n", security.brokerProperties()),
            "log.dirs=" + dir.resolve("data").toAbsolutePath(),
            "num.partitions=1",
            "default.replication.factor=1",
            "min.insync.replicas=1",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=4",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=4",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=true",
            "num.network.threads=2",
            "num.io.threads=2",
            "background.threads=2",
            "log.cleaner.threads=1",
            "")
            .replace("\\", "\\\\");
    Path properties = dir.resolve("server.properties");
    Files.writeString(properties, text, StandardCharsets.UTF_8);
    return properties;
  }

  private void formatStorageIfNew(String classpath, Path properties) {
    if (Files.exists(dir.resolve("data").resolve("meta.properties"))) {
      return;
    }
    ChildProcess.run(
        "kafka-storage-format",
        List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
            classpath, "kafka.tools.StorageTool", "format", "--ignore-formatted", "-t",
            Uuid.randomUuid().toString(), "-c", properties.toString()),
        dir,
        START_TIMEOUT);
  }

  private boolean describeClusterSucceeds() {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
    try (Admin admin = Admin.create(config)) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  private static String brokerClasspath() {
    String text = new String(readResource(CLASSPATH_RESOURCE), StandardCharsets.UTF_8).trim();
    List<String> missing =
        Arrays.stream(text.split(java.io.File.pathSeparator))
            .filter(jar -> !Files.isRegularFile(Path.of(jar)))
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Kafka broker jars missing from the local Maven repository: " + missing
              + "; run `mvn -pl kafka-broker install` to resolve them");
    }
    return text;
  }

  private static Path extractResource(String resource, Path target) throws IOException {
    Files.write(target, readResource(resource));
    return target;
  }

  private static byte[] readResource(String resource) {
    try (InputStream in = KafkaBrokerProcess.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " not on the classpath: add dev.fleetscale:kafka-broker (testkit does)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
