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

  private Consumers() {}

  /** The Vert.x consumer and the client it wraps (for calls Vert.x does not expose). */
  record Pair(KafkaConsumer<String, byte[]> consumer,
      org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> client) {}

  static KafkaConsumer<String, byte[]> create(Vertx vertx, Map<String, Object> kafkaClient,
      String groupId, int maxPollRecords) {
    return createPair(vertx, kafkaClient, groupId, maxPollRecords).consumer();
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
