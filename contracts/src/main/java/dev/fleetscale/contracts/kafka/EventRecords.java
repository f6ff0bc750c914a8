package dev.fleetscale.contracts.kafka;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.serde.DecodeException;
import dev.fleetscale.contracts.serde.EventCodec;
import dev.fleetscale.contracts.serde.EventType;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Kafka records for events: JSON value plus CloudEvents 1.0 binary-mode headers ({@code
 * ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time}, {@code
 * content-type}), written by the CloudEvents SDK's Kafka binding. Stateless and thread-safe.
 */
public final class EventRecords {

  /** Content type of every value. */
  public static final String CONTENT_TYPE = "application/json";
  /** Header that carries the CloudEvents type. */
  public static final String CE_TYPE_HEADER = "ce_type";

  private EventRecords() {}

  /**
   * The record for an event: topic and key from its {@link EventType}, value from its codec.
   *
   * @param source CloudEvents source of the producing component, e.g. {@code
   *     URI.create("/fleetscale/telemetry-agent/gpu-host-17")}
   */
  public static <T extends FleetEvent> ProducerRecord<String, byte[]> toProducerRecord(
      T event, URI source) {
    Objects.requireNonNull(event, "event");
    return toProducerRecord(event, EventCodec.of(typeOf(event)).encode(event), source);
  }

  /**
   * The record for an event whose value the caller already encoded with {@link EventCodec} (a
   * producer that keeps the encoded bytes, such as the agent's spool, need not encode twice).
   *
   * @param value exactly {@code EventCodec.of(type).encode(event)}; not checked
   */
  public static <T extends FleetEvent> ProducerRecord<String, byte[]> toProducerRecord(
      T event, byte[] value, URI source) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
    EventType<T> type = typeOf(event);
    CloudEvent cloudEvent =
        CloudEventBuilder.v1()
            .withId(event.eventId())
            .withSource(source)
            .withType(type.ceType())
            .withTime(event.eventTime().atOffset(ZoneOffset.UTC))
            .withDataContentType(CONTENT_TYPE)
            .withData(value)
            .build();
    return KafkaMessageFactory.createWriter(type.topic(), event.partitionKey())
        .writeBinary(cloudEvent);
  }

  @SuppressWarnings("unchecked")
  private static <T extends FleetEvent> EventType<T> typeOf(T event) {
    return EventType.of((Class<T>) event.getClass());
  }

  /** Why a record without a usable {@code ce_type} is {@link Decoded.Invalid}. */
  static final String NO_CE_TYPE = "no ce_type header: not a CloudEvents binary-mode record";
  /** Why a record whose {@code ce_type} is empty or blank is {@link Decoded.Invalid}. */
  static final String EMPTY_CE_TYPE =
      "ce_type header is empty: a CloudEvents type must be a non-empty string";

  /**
   * Decodes a record of any known type. Never throws for bad input: a record without CloudEvents
   * headers, with an empty or blank {@code ce_type}, or with a value that fails its schema, is
   * {@link Decoded.Invalid} (dead-letter it); an unknown {@code ce_type} is {@link
   * Decoded.Unknown}.
   */
  public static Decoded<FleetEvent> decode(ConsumerRecord<String, byte[]> record) {
    Optional<String> ceType = ceType(record);
    if (ceType.isEmpty()) {
      return new Decoded.Invalid<>(NO_CE_TYPE);
    }
    if (ceType.get().isBlank()) {
      return new Decoded.Invalid<>(EMPTY_CE_TYPE);
    }
    Optional<EventType<?>> type = EventType.byCeType(ceType.get());
    if (type.isEmpty()) {
      return new Decoded.Unknown<>(ceType.get());
    }
    @SuppressWarnings("unchecked")
    Decoded<FleetEvent> decoded = (Decoded<FleetEvent>) decodeAs(record, type.get());
    return decoded;
  }

  /**
   * Decodes a record expected to be of one type. A record of another (known or unknown) type is
   * {@link Decoded.Unknown}, so a consumer of one topic skips what it does not handle; a record
   * without a {@code ce_type}, or with an empty or blank one, is {@link Decoded.Invalid} (it
   * cannot be told from a broken producer's, so it is dead-lettered rather than skipped).
   */
  public static <T extends FleetEvent> Decoded<T> decode(
      ConsumerRecord<String, byte[]> record, EventType<T> expected) {
    Optional<String> ceType = ceType(record);
    if (ceType.isEmpty()) {
      return new Decoded.Invalid<>(NO_CE_TYPE);
    }
    if (ceType.get().isBlank()) {
      return new Decoded.Invalid<>(EMPTY_CE_TYPE);
    }
    if (!ceType.get().equals(expected.ceType())) {
      return new Decoded.Unknown<>(ceType.get());
    }
    return decodeAs(record, expected);
  }

  private static <T extends FleetEvent> Decoded<T> decodeAs(
      ConsumerRecord<String, byte[]> record, EventType<T> type) {
    byte[] data;
    try {
      // The SDK checks ce_specversion and the required attributes.
      MessageReader reader = KafkaMessageFactory.createReader(record);
      CloudEvent cloudEvent = reader.toEvent();
      data = cloudEvent.getData() == null ? null : cloudEvent.getData().toBytes();
    } catch (CloudEventRWException | IllegalStateException e) {
      return new Decoded.Invalid<>("invalid CloudEvents headers: " + e.getMessage());
    }
    try {
      return new Decoded.Event<>(type, EventCodec.of(type).decode(data));
    } catch (DecodeException e) {
      return new Decoded.Invalid<>(e.reason());
    }
  }

  private static Optional<String> ceType(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader(CE_TYPE_HEADER);
    if (header == null || header.value() == null) {
      return Optional.empty();
    }
    return Optional.of(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
  }
}
