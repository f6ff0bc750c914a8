package dev.fleetscale.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.contracts.telemetry.DiskSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.NicSample;
import dev.fleetscale.optimizer.rollup.SampleRejections;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A host's NIC and disk counters reset mid-stream, against a real Kafka broker and a real influxd:
 * the pool has 60 days of steady NIC and SSD bandwidth history, far below capacity. Host r1 runs
 * an agent from before the reset rule, which read the reset as a wrap and sent exabyte rates for a
 * few seconds; host r2 runs a current agent, which sends no rate for that interval. When the day
 * ends no capacity demand is raised, the rejected-samples counter says why, and the rollups the
 * next restart restores peaks from never hold the impossible figure.
 */
class OptimizerCounterResetIT {

  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  @RegisterExtension
  static final InfluxExtension influx = new InfluxExtension();

  static final URI AGENT = URI.create("/fleetscale/telemetry-agent/test");
  static final String POOL = "pool-r";
  /** Two hosts, one 100 Gb/s link each. */
  static final double LINK_BITS = 200e9;
  static Vertx vertx;
  static int httpPort;

  @BeforeAll
  static void startOptimizer() throws Exception {
    kafka.createTopic(Topics.TELEMETRY, 3);
    kafka.createTopic("fleet.optimizer.pool-summaries.v1", 3);
    for (String t : List.of(Topics.AUTOSCALE, Topics.REBALANCE, Topics.CAPACITY_DEMAND,
        Topics.DEADLETTER)) {
      kafka.createTopic(t, 1);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** r1's 25 Gb/s transmit, 1 GB/s of disk reads; at the reset an old agent's "wrap" instead. */
  private static HostSample sample(String host, long s, Instant at, boolean reset, boolean oldAgent) {
    DiskSample disk = Samples.disk("nvme0n1", 0.5e9, 0.25e9);
    NicSample nic = Samples.nic("eth0", 1e9, 2.5e9, 100_000L);
    if (reset && oldAgent) {
      // 2^64 - a few kB over 1 s, and 2^32 sectors of 512 bytes: the old wrap rule's reading.
      disk = Samples.disk("nvme0n1", 4294967296.0 * 512, 0.25e9);
      nic = Samples.nic("eth0", 1e9, 1.8446744073709e19, 100_000L);
    } else if (reset) {
      disk = Samples.disk("nvme0n1", null, null);
      nic = Samples.nic("eth0", null, null, 100_000L);
    }
    return Samples.withDevices(Samples.host(host, POOL, s, at, 4, 1, 60), List.of(disk),
        List.of(), List.of(nic));
  }

  @Test
  void countersThatResetMidStreamRaiseNoCapacityDemand() throws Exception {
    // 60 days of 1 h rollups: 40-44 Gb/s of 200 Gb/s, 1.5 GB/s of SSD bandwidth, a weekly bump.
    LocalDate first = LocalDate.of(2026, 4, 1);
    List<Point> history = new ArrayList<>();
    for (int d = 0; d < 60; d++) {
      for (int hour : new int[] {3, 15}) {
        double bump = hour == 15 && d % 7 == 3 ? 4e9 : 0;
        history.add(Point.measurement("pool_rollup").addTag("cluster", "c1")
            .addTag("pool", POOL).addTag("window", "1h").addField("hosts", 2)
            .addField("nic_bits_per_second", 40e9 + bump)
            .addField("nic_link_bits_per_second", LINK_BITS)
            .addField("ssd_io_bytes_per_second", 1.5e9 + bump / 8)
            .addField("ssd_io_capacity_bytes_per_second", 6e9)
            .time(first.plusDays(d).atTime(hour, 0).toInstant(ZoneOffset.UTC), WritePrecision.MS));
      }
    }
    influx.client().getWriteApiBlocking().writePoints(history);
    vertx = Vertx.vertx();
    httpPort = OptimizerMain.start(vertx, OptimizerIT.config(kafka, influx))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).httpPort();

    LocalDate lastDay = first.plusDays(60);
    Instant start = lastDay.atTime(23, 58).toInstant(ZoneOffset.UTC);
    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of())) {
      for (int s = 1; s <= 180; s++) {
        Instant at = start.plusSeconds(s);
        boolean reset = s >= 60 && s < 63;
        producer.send(EventRecords.toProducerRecord(sample("r1", s, at, reset, true), AGENT));
        producer.send(EventRecords.toProducerRecord(sample("r2", s, at, reset, false), AGENT));
      }
    }

    // Decisions and demands of a window are committed in one transaction, in order: once the
    // first window after midnight is decided, its capacity assessment is visible too.
    Instant afterMidnight = lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
        .plusSeconds(30);
    List<CapacityDemand> demands = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
      consumer.subscribe(List.of(Topics.CAPACITY_DEMAND, Topics.AUTOSCALE));
      boolean[] decided = {false};
      await().atMost(Duration.ofSeconds(120)).until(() -> {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (!POOL.equals(r.key())) {
            continue;
          }
          if (r.topic().equals(Topics.CAPACITY_DEMAND)) {
            demands.add(OptimizerIT.decode(r, EventType.CAPACITY_DEMAND));
          } else if (!OptimizerIT.decode(r, EventType.AUTOSCALE_DECISION).decidedAt()
              .isBefore(afterMidnight)) {
            decided[0] = true;
          }
        }
        return decided[0];
      });
      consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
        if (POOL.equals(r.key()) && r.topic().equals(Topics.CAPACITY_DEMAND)) {
          demands.add(OptimizerIT.decode(r, EventType.CAPACITY_DEMAND));
        }
      });
    }

    assertThat(demands).as("capacity demands raised for %s", POOL).isEmpty();
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    // Three of r1's samples each for the NIC and the disk (more if a batch was retried).
    assertThat(rejected(metrics, SampleRejections.Reason.NIC_ABOVE_LINK_SPEED)).isGreaterThanOrEqualTo(3.0);
    assertThat(rejected(metrics, SampleRejections.Reason.DISK_ABOVE_DEVICE_MAXIMUM))
        .isGreaterThanOrEqualTo(3.0);
    // The peaks a restart reads back hold what the links really carried.
    List<Map<String, Object>> rollups = influx.query("SELECT nic_bits_per_second, "
        + "ssd_io_bytes_per_second FROM pool_rollup WHERE pool = '" + POOL
        + "' AND \"window\" = '10s'");
    assertThat(rollups).hasSizeGreaterThanOrEqualTo(12).allSatisfy(row -> {
      assertThat(OptimizerIT.num(row, "nic_bits_per_second")).isEqualTo(2 * 8 * 2.5e9);
      assertThat(OptimizerIT.num(row, "ssd_io_bytes_per_second")).isEqualTo(2 * 0.75e9);
    });
  }

  /** The value of the rejected-samples counter for {@code reason} in a Prometheus scrape. */
  static double rejected(String scrape, SampleRejections.Reason reason) {
    return scrape.lines()
        .filter(l -> l.startsWith(SampleRejections.METRIC + "{")
            && l.contains("reason=\"" + reason.tag() + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
