package dev.fleetscale.optimizer.stream;

import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Consumers as both stages want them: manual commits, earliest on first start. */
final class Consumers {

  /** About a quarter of a 2,000-record telemetry batch as the broker stores it (lz4). */
  static final int FETCH_MIN_BYTES = 512 * 1024;
  static final int FETCH_MAX_WAIT_MS = 100;
  static final int MAX_PARTITION_FETCH_BYTES = 8 * 1024 * 1024;

  private Consumers() {}

  /** The Vert.x consumer and the client it wraps (for calls Vert.x does not expose). */
  record Pair(KafkaConsumer<String, byte[]> consumer,
      org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> client) {}

  /**
   * A consumer tuned for a high-volume topic (fleet.telemetry.v1): each fetch waits for up to
   * {@value #FETCH_MAX_WAIT_MS} ms until {@value #FETCH_MIN_BYTES} bytes are there, so a batch is
   * filled by a few large fetches rather than many small ones; one partition may fill a whole
   * fetch. Each of these is a default kafka.properties may change. Not for low-volume topics,
   * where waiting for bytes only adds latency.
   */
  static KafkaConsumer<String, byte[]> createBulk(Vertx vertx, KafkaClientSettings kafkaClient,
      String groupId, int maxPollRecords) {
    Map<String, Object> props = settings(kafkaClient, groupId, maxPollRecords)
        .defaultValue(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES)
        .defaultValue(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS)
        .defaultValue(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_PARTITION_FETCH_BYTES)
        .build();
    return create(vertx, props).consumer();
  }

  static Pair createPair(Vertx vertx, KafkaClientSettings kafkaClient, String groupId,
      int maxPollRecords) {
    return create(vertx, settings(kafkaClient, groupId, maxPollRecords).build());
  }

  /**
   * Everything both stages rely on is fixed (kafka.properties may not change it): the group,
   * manual commits, earliest on first start, the batch size (its own configuration key),
   * read_committed and the deserializers. The client id is left to the client
   * (consumer-&lt;group&gt;-&lt;n&gt;, unique in a JVM).
   */
  static KafkaClientSettings.Builder settings(KafkaClientSettings kafkaClient, String groupId,
      int maxPollRecords) {
    return kafkaClient.client(null)
        .fixed(ConsumerConfig.GROUP_ID_CONFIG, groupId)
        .fixed(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .fixed(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords)
        .fixed(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .fixed(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)
        .fixed(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
        .fixed(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
  }

  private static Pair create(Vertx vertx, Map<String, Object> props) {
    var client = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(props);
    return new Pair(KafkaConsumer.create(vertx, client), client);
  }
}
