package dev.fleetscale.optimizer.stream;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The optimizer's one Kafka producer: idempotent, acks=all, so a retried send is not duplicated
 * in the log and "sent" means "replicated". Futures complete when the broker acknowledged.
 * Thread-safe.
 */
public final class EventPublisher {

  /** CloudEvents source of everything the optimizer publishes. */
  public static final URI SOURCE = URI.create("/fleetscale/optimizer-service");

  private final KafkaProducer<String, byte[]> producer;

  public EventPublisher(Vertx vertx, KafkaClientSettings kafkaClient) {
    this.producer = KafkaProducer.create(vertx,
        new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(producer(kafkaClient).build()));
  }

  /**
   * The optimizer's producer settings, shared by this publisher and {@link TransactionalPublisher}:
   * idempotent, acks=all and the serializers fixed; lz4 and a 5 ms linger as defaults the
   * operator's {@code kafka.properties} may change. The client id is left to the client
   * (unique per producer in a JVM).
   */
  static KafkaClientSettings.Builder producer(KafkaClientSettings kafkaClient) {
    return kafkaClient.client(null)
        .defaultValue(ProducerConfig.LINGER_MS_CONFIG, 5)
        .defaultValue(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .fixed(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .fixed(ProducerConfig.ACKS_CONFIG, "all")
        .fixed(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class)
        .fixed(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
  }

  /** Publishes an event with its CloudEvents headers on its topic, keyed by its partition key. */
  public Future<Void> publish(FleetEvent event) {
    return send(EventRecords.toProducerRecord(event, SOURCE));
  }

  /** Sends a ready record (dead letters, internal summaries). */
  public Future<Void> send(ProducerRecord<String, byte[]> record) {
    KafkaProducerRecord<String, byte[]> out = record.partition() == null
        ? KafkaProducerRecord.create(record.topic(), record.key(), record.value())
        : KafkaProducerRecord.create(record.topic(), record.key(), record.value(), null,
            record.partition());
    for (Header h : record.headers()) {
      out.addHeader(KafkaHeader.header(h.key(), Buffer.buffer(h.value())));
    }
    return producer.send(out).mapEmpty();
  }

  /** Sends all, in order; completes when every one is acknowledged. */
  public Future<Void> sendAll(List<ProducerRecord<String, byte[]>> records) {
    List<Future<Void>> sends = new ArrayList<>(records.size());
    for (ProducerRecord<String, byte[]> r : records) {
      sends.add(send(r));
    }
    return Future.all(sends).mapEmpty();
  }

  /** Partitions of a topic, from the producer's metadata. */
  public Future<Integer> partitionCount(String topic) {
    return producer.partitionsFor(topic).map(java.util.List::size);
  }

  public Future<Void> close() {
    return producer.close();
  }
}
