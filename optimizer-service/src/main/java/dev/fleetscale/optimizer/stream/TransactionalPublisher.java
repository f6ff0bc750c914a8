package dev.fleetscale.optimizer.stream;

import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Publishes a batch's decisions and commits the consumer offsets that produced them in one Kafka
 * transaction (KIP-447: offsets tied to the consumer group's generation, so a zombie instance is
 * fenced). A crash before the commit aborts both: the replay publishes the decisions once, and
 * readers with {@code isolation.level=read_committed} never see a duplicate. The Kafka producer
 * calls block, so they run on a worker thread; one transaction at a time (the pool stage waits
 * for each batch). Thread-safe for that use.
 */
public final class TransactionalPublisher implements AutoCloseable {

  /** Longest a stop waits for the producer's requests in flight. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final KafkaProducer<String, byte[]> producer;

  public TransactionalPublisher(Vertx vertx, KafkaClientSettings kafkaClient, String idPrefix) {
    this.vertx = vertx;
    this.producer = new KafkaProducer<>(EventPublisher.producer(kafkaClient)
        .fixed(ProducerConfig.TRANSACTIONAL_ID_CONFIG, idPrefix + "-" + UUID.randomUUID())
        .build());
  }

  /** Registers the transactional id with the coordinator (fencing older instances' ids). */
  public Future<Void> init() {
    return vertx.executeBlocking(() -> {
      producer.initTransactions();
      return null;
    });
  }

  /**
   * Sends the records and commits the offsets atomically.
   *
   * @param group the consumer's group metadata, read between polls on the consumer's thread
   */
  public Future<Void> publishAndCommit(List<ProducerRecord<String, byte[]>> records,
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
    return vertx.executeBlocking(() -> {
      producer.beginTransaction();
      try {
        for (ProducerRecord<String, byte[]> r : records) {
          producer.send(r);
        }
        producer.sendOffsetsToTransaction(offsets, group);
        producer.commitTransaction();
      } catch (ProducerFencedException e) {
        throw e; // another instance took over this id: this one must stop, not retry
      } catch (KafkaException e) {
        producer.abortTransaction();
        throw e;
      }
      return null;
    }, false);
  }

  /**
   * Closes the producer, waiting at most {@link #CLOSE_TIMEOUT} for requests in flight. Kafka's
   * own default waits without end, which held a stop up when the broker answered slowly. A
   * transaction left open is aborted by the broker when its transaction timeout passes, and its
   * records are never read (consumers read committed only).
   */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
