package dev.fleetscale.contracts.kafka;

import dev.fleetscale.contracts.deadletter.DeadLetter;
import dev.fleetscale.contracts.deadletter.OriginalHeader;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/** Builds dead letters from records that failed to decode. Stateless and thread-safe. */
public final class DeadLetters {

  private DeadLetters() {}

  /**
   * A dead letter keeping the failed record's value bytes and every header, in order.
   *
   * @param failed the record that could not be decoded
   * @param reason why, e.g. {@link Decoded.Invalid#reason()}
   * @param consumer which consumer gave up, e.g. "optimizer-service/telemetry"
   * @param failedAt when
   */
  public static DeadLetter of(
      ConsumerRecord<String, byte[]> failed, String reason, String consumer, Instant failedAt) {
    Objects.requireNonNull(failed, "failed");
    List<OriginalHeader> headers = new ArrayList<>();
    for (Header header : failed.headers()) {
      headers.add(new OriginalHeader(header.key(), header.value()));
    }
    return new DeadLetter(
        failed.topic(),
        failed.partition(),
        failed.offset(),
        failed.key(),
        reason,
        failed.value(),
        headers,
        failedAt,
        consumer);
  }

  /**
   * The record to send to {@code fleet.deadletter.v1}, keyed by the failed record's topic.
   *
   * @param source CloudEvents source of the consumer, e.g. "/fleetscale/optimizer-service"
   */
  public static ProducerRecord<String, byte[]> toProducerRecord(
      ConsumerRecord<String, byte[]> failed,
      String reason,
      String consumer,
      Instant failedAt,
      URI source) {
    return EventRecords.toProducerRecord(of(failed, reason, consumer, failedAt), source);
  }
}
