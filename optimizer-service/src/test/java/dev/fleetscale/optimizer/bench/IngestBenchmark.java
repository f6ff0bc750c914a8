package dev.fleetscale.optimizer.bench;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.OptimizerVerticle;
import dev.fleetscale.optimizer.Samples;
import dev.fleetscale.testkit.influx.InfluxV2WriteBridge;
import dev.fleetscale.testkit.influx.InfluxdProcess;
import dev.fleetscale.testkit.kafka.KafkaBrokerProcess;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ingest benchmark: host samples (8 GPUs each) per second that the optimizer consumes from a local
 * broker with InfluxDB writes on, against Kafka's own ConsumerPerformance tool (a child JVM) and a
 * bare consumer loop reading the same topic in the same run. Args: hosts seconds.
 */
public final class IngestBenchmark {

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    // Long enough that the second half (what a running optimizer sustains) is past JIT warm-up.
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 1440;
    long total = (long) hosts * seconds;
    try (KafkaBrokerProcess broker = KafkaBrokerProcess.onFreePorts();
        InfluxdProcess influxd = InfluxdProcess.onFreePorts()) {
      broker.start();
      influxd.start();
      influxd.createDatabase("fleetscale");
      try (InfluxV2WriteBridge bridge = InfluxV2WriteBridge.start(influxd.url(), 0);
          Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
              broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(Topics.TELEMETRY, 6, (short) 1),
            new NewTopic("fleet.optimizer.pool-summaries.v1", 6, (short) 1),
            new NewTopic(Topics.AUTOSCALE, 1, (short) 1),
            new NewTopic(Topics.REBALANCE, 1, (short) 1),
            new NewTopic(Topics.CAPACITY_DEMAND, 1, (short) 1),
            new NewTopic(Topics.DEADLETTER, 1, (short) 1))).all().get();
        long bytes = produce(broker.bootstrapServers(), hosts, seconds);
        System.out.printf(Locale.ROOT, "%nIngest: %d hosts × %d s = %d host samples (8 GPUs "
            + "each), %.1f MiB on the topic%n", hosts, seconds, total, bytes / 1048576.0);

        double mib = bytes / 1048576.0;
        KafkaConsumerPerformance.Result tool =
            KafkaConsumerPerformance.run(broker.bootstrapServers(), Topics.TELEMETRY, total);
        double baseline = bareConsumer(broker.bootstrapServers(), total);
        double[] rates = optimizer(broker.bootstrapServers(), bridge.url(), total);
        double optimizer = rates[0];
        System.out.println("| reader | host samples/s | MiB/s |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| Kafka ConsumerPerformance 4.1.1, nMsg.sec (join "
            + "included, %d ms) | %.0f | %.1f |%n", tool.rebalanceMs(), tool.msgPerSec(),
            tool.mbPerSec());
        System.out.printf(Locale.ROOT, "| Kafka ConsumerPerformance 4.1.1, fetch.nMsg.sec "
            + "(after join) | %.0f | %.1f |%n", tool.fetchMsgPerSec(),
            tool.fetchMsgPerSec() * mib / total);
        System.out.printf(Locale.ROOT, "| bare KafkaConsumer (poll + count) | %.0f | %.1f |%n",
            baseline, baseline * mib / total);
        System.out.printf(Locale.ROOT, "| optimizer (decode + schema check + windows + "
            + "InfluxDB writes + summaries) | %.0f | %.1f |%n", optimizer,
            optimizer * mib / total);
        System.out.printf(Locale.ROOT,
            "| optimizer, second half of the run only (sustained, JIT warm) | %.0f | %.1f |%n",
            rates[1], rates[1] * mib / total);
        System.out.printf(Locale.ROOT, "ratio optimizer / ConsumerPerformance nMsg.sec: %.2f, "
            + "/ fetch.nMsg.sec: %.2f, / bare consumer: %.2f; second half / fetch.nMsg.sec: "
            + "%.2f, / nMsg.sec: %.2f%n", optimizer / tool.msgPerSec(),
            optimizer / tool.fetchMsgPerSec(), optimizer / baseline,
            rates[1] / tool.fetchMsgPerSec(), rates[1] / tool.msgPerSec());
      }
    }
    System.exit(0);
  }

  static long produce(String bootstrap, int hosts, int seconds) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    Instant t0 = Instant.parse("2026-04-01T00:00:00Z");
    URI source = URI.create("/fleetscale/telemetry-agent/bench");
    long bytes = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      for (int s = 1; s <= seconds; s++) {
        for (int h = 0; h < hosts; h++) {
          var record = EventRecords.toProducerRecord(Samples.host("host-" + h, "pool-" + (h % 10),
              s, t0.plusSeconds(s), 8, 6, 40 + (h % 50)), source);
          bytes += record.value().length;
          producer.send(record);
        }
      }
      producer.flush();
    }
    return bytes;
  }

  static double bareConsumer(String bootstrap, long total) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(Topics.TELEMETRY));
      long seen = 0;
      long start = 0;
      while (seen < total) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty() && start == 0) {
          start = System.nanoTime();
        }
        seen += records.count();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Samples/s over the whole run and over its second half (JIT warm, steady state). */
  static double[] optimizer(String bootstrap, String influxUrl, long total) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("FLEETSCALE_INFLUX_URL", influxUrl);
    env.put("FLEETSCALE_HTTP_PORT", "0");
    Vertx vertx = Vertx.vertx();
    try {
      OptimizerVerticle verticle = OptimizerMain.start(vertx, OptimizerMain.load(null, env))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      HttpClient http = HttpClient.newHttpClient();
      URI metrics = URI.create("http://127.0.0.1:" + verticle.httpPort() + "/metrics");
      Map<String, Long> cpuBefore = ProcessCpu.snapshot();
      long start = 0;
      double seen = 0;
      long half = 0;
      double seenAtHalf = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (seen < total && System.nanoTime() < deadline) {
        String text = http.send(HttpRequest.newBuilder(metrics).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        seen = text.lines().filter(l -> l.startsWith("fleetscale_optimizer_samples_total"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        if (seen > 0 && start == 0) {
          start = System.nanoTime();
        }
        if (seen >= total / 2.0 && half == 0) {
          half = System.nanoTime();
          seenAtHalf = seen;
        }
        Thread.sleep(100); // a benchmark's sampling interval, not a test's timing assumption
      }
      long end = System.nanoTime();
      ProcessCpu.print(cpuBefore, ProcessCpu.snapshot(), seen, (end - start) / 1e9);
      double rate = seen / ((end - start) / 1e9);
      double secondHalf = (seen - seenAtHalf) / ((end - half) / 1e9);
      // Where the time went: per-phase wall time of the telemetry batches.
      http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
          .body().lines().filter(l -> l.startsWith("fleetscale_optimizer_batch_phase_seconds_"))
          .forEach(System.out::println);
      return new double[] {rate, secondHalf};
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
