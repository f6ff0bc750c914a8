package dev.fleetscale.procurement;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/** What the integration tests share: servers to properties, producing events, reading topics. */
final class ItSupport {

  static final URI TEST_SOURCE = URI.create("/fleetscale/test/optimizer");

  private ItSupport() {}

  /**
   * The service's properties for the two servers. Called from getProperties(), which
   * @MicronautTest invokes before extensions run; the extensions start their server at first use.
   */
  static Map<String, String> properties(KafkaBrokerExtension kafka, InfluxExtension influx,
      String groupId) {
    Map<String, String> p = new HashMap<>();
    p.put("fleetscale.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("fleetscale.kafka.group-id", groupId);
    p.put("fleetscale.influx.url", influx.url());
    p.put("fleetscale.influx.token", new String(influx.token()));
    p.put("fleetscale.influx.org", influx.org());
    p.put("fleetscale.influx.bucket", influx.bucket());
    p.put("micronaut.server.port", "-1");
    return p;
  }

  static void produce(KafkaBrokerExtension kafka, FleetEvent event) {
    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of())) {
      producer.send(EventRecords.toProducerRecord(event, TEST_SOURCE)).get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot produce " + event, e);
    }
  }

  /** Everything on a topic so far, read from the beginning within {@code wait}. */
  static List<ConsumerRecord<String, byte[]>> readAll(KafkaBrokerExtension kafka, String topic,
      Duration wait) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of())) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
