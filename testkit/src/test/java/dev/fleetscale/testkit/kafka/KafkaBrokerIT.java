package dev.fleetscale.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaBrokerIT {

  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  @Test
  void recordKeepsCloudEventHeadersKeyAndValue() throws Exception {
    kafka.createTopic("testkit.headers", 2);
    byte[] value = "{\"hostId\":\"gpu-01\",\"utilization\":0.75}".getBytes(StandardCharsets.UTF_8);
    ProducerRecord<String, byte[]> sent = new ProducerRecord<>("testkit.headers", "gpu-01", value);
    sent.headers()
        .add("ce_specversion", bytes("1.0"))
        .add("ce_type", bytes("dev.fleetscale.telemetry.host-sample.v1"))
        .add("ce_source", bytes("/telemetry-agent/gpu-01"))
        .add("ce_id", bytes("gpu-01-42"))
        .add("content-type", bytes("application/json"));
    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of())) {
      producer.send(sent).get(10, TimeUnit.SECONDS);
    }

    List<ConsumerRecord<String, byte[]>> received = readAll("testkit.headers", 1);

    ConsumerRecord<String, byte[]> record = received.get(0);
    assertThat(record.key()).isEqualTo("gpu-01");
    assertThat(record.value()).isEqualTo(value);
    assertThat(record.headers().toArray())
        .extracting(Header::key, h -> new String(h.value(), StandardCharsets.UTF_8))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ce_specversion", "1.0"),
            org.assertj.core.groups.Tuple.tuple("ce_type", "dev.fleetscale.telemetry.host-sample.v1"),
            org.assertj.core.groups.Tuple.tuple("ce_source", "/telemetry-agent/gpu-01"),
            org.assertj.core.groups.Tuple.tuple("ce_id", "gpu-01-42"),
            org.assertj.core.groups.Tuple.tuple("content-type", "application/json"));
  }

  @Test
  void restartKeepsEarlierRecordsAndAcceptsNewOnes() throws Exception {
    kafka.createTopic("testkit.restart", 1);
    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of())) {
      producer.send(new ProducerRecord<>("testkit.restart", "k", bytes("before"))).get(10, TimeUnit.SECONDS);
    }
    String bootstrap = kafka.bootstrapServers();

    long t0 = System.nanoTime();
    kafka.stopBroker();
    long t1 = System.nanoTime();
    kafka.startBroker();
    System.out.printf(
        "kafka-broker: stop %d ms, restart %d ms%n",
        (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);

    assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of())) {
      producer.send(new ProducerRecord<>("testkit.restart", "k", bytes("after"))).get(20, TimeUnit.SECONDS);
    }
    assertThat(readAll("testkit.restart", 2))
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly("before", "after");
  }

  @Test
  void reportsStartUpTimeAndMemory() {
    try (KafkaBrokerProcess broker = KafkaBrokerProcess.onFreePorts()) {
      broker.start();
      long rssKiB = broker.residentSetKiB().orElseThrow();
      System.out.printf(
          "kafka-broker: ready in %d ms, RSS %d MiB (pid %d)%n",
          broker.lastStartDuration().toMillis(), rssKiB / 1024, broker.pid());
      assertThat(broker.lastStartDuration()).isLessThan(KafkaBrokerProcess.START_TIMEOUT);
      assertThat(rssKiB).isPositive();
      broker.stop();
      assertThat(broker.residentSetKiB()).isEmpty();
    }
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertThat(records).hasSize(expected);
    return records;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
