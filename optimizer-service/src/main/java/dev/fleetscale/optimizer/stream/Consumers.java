package dev.fleetscale.optimizer.stream;

import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import java.util.HashMap;
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
   * fetch. Each setting can be overridden through kafka.properties. Not for low-volume topics,
   * where waiting for bytes only adds latency.
   */
  static KafkaConsumer<String, byte[]> createBulk(Vertx vertx, Map<String, Object> kafkaClient,
      String groupId, int maxPollRecords) {
    Map<String, Object> props = new HashMap<>(kafkaClient);
    props.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
    props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
    props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_PARTITION_FETCH_BYTES);
    return createPair(vertx, props, groupId, maxPollRecords).consumer();
  }

  static Pair createPair(Vertx vertx, Map<String, Object> kafkaClient, String groupId,
      int maxPollRecords) {
    Map<String, Object> props = new HashMap<>(kafkaClient);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    var client = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(props);
    return new Pair(KafkaConsumer.create(vertx, client), client);
  }
}
