package dev.fleetscale.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.Examples;
import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.deadletter.DeadLetter;
import dev.fleetscale.contracts.serde.EventCodec;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.contracts.telemetry.HostSample;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventRecordsTest {

  private static final URI SOURCE = URI.create("/fleetscale/test");

  @Test
  void producerRecordCarriesTopicKeyAndCloudEventsHeaders() {
    HostSample sample = Examples.hostSample();
    ProducerRecord<String, byte[]> record = EventRecords.toProducerRecord(sample, SOURCE);
    assertThat(record.topic()).isEqualTo(Topics.TELEMETRY);
    assertThat(record.key()).isEqualTo("gpu-node-017");
    assertThat(header(record.headers(), "ce_specversion")).isEqualTo("1.0");
    assertThat(header(record.headers(), "ce_id")).isEqualTo("gpu-node-017/48211");
    assertThat(header(record.headers(), "ce_type"))
        .isEqualTo("dev.fleetscale.telemetry.host-sample.v1");
    assertThat(header(record.headers(), "ce_source")).isEqualTo("/fleetscale/test");
    assertThat(Instant.parse(header(record.headers(), "ce_time"))).isEqualTo(sample.timestamp());
    assertThat(header(record.headers(), "content-type")).isEqualTo("application/json");
  }

  @Test
  void preEncodedValueGivesTheSameRecordWithoutEncodingAgain() {
    HostSample sample = Examples.hostSample();
    byte[] encoded = dev.fleetscale.contracts.serde.EventCodec.of(EventType.HOST_SAMPLE).encode(sample);

    ProducerRecord<String, byte[]> fromBytes = EventRecords.toProducerRecord(sample, encoded, SOURCE);
    ProducerRecord<String, byte[]> fromEvent = EventRecords.toProducerRecord(sample, SOURCE);

    assertThat(fromBytes.value()).isSameAs(encoded).isEqualTo(fromEvent.value());
    assertThat(fromBytes.topic()).isEqualTo(fromEvent.topic());
    assertThat(fromBytes.key()).isEqualTo(fromEvent.key());
    assertThat(header(fromBytes.headers(), "ce_id")).isEqualTo(header(fromEvent.headers(), "ce_id"));
    assertThat(header(fromBytes.headers(), "ce_time")).isEqualTo(header(fromEvent.headers(), "ce_time"));
  }

  @Test
  void everyEventSurvivesProduceAndConsume() {
    for (FleetEvent event : Examples.all()) {
      ProducerRecord<String, byte[]> out = EventRecords.toProducerRecord(event, SOURCE);
      Decoded<FleetEvent> in = EventRecords.decode(consumed(out));
      assertThat(in).isInstanceOf(Decoded.Event.class);
      assertThat(((Decoded.Event<FleetEvent>) in).event()).isEqualTo(event);
    }
  }

  @Test
  void typedDecodeReturnsTheRecord() {
    var out = EventRecords.toProducerRecord(Examples.hostSample(), SOURCE);
    Decoded<HostSample> in = EventRecords.decode(consumed(out), EventType.HOST_SAMPLE);
    assertThat(in).isEqualTo(new Decoded.Event<>(EventType.HOST_SAMPLE, Examples.hostSample()));
  }

  @Test
  void unknownTypeIsReportedNotThrown() {
    var out = EventRecords.toProducerRecord(Examples.hostSample(), SOURCE);
    out.headers().remove("ce_type").add("ce_type",
        "dev.fleetscale.telemetry.gpu-topology.v1".getBytes(StandardCharsets.UTF_8));
    assertThat(EventRecords.decode(consumed(out)))
        .isEqualTo(new Decoded.Unknown<>("dev.fleetscale.telemetry.gpu-topology.v1"));
    var other = EventRecords.toProducerRecord(Examples.autoscaleDecision(), SOURCE);
    assertThat(EventRecords.decode(consumed(other), EventType.HOST_SAMPLE))
        .isInstanceOf(Decoded.Unknown.class);
  }

  @Test
  void badValueIsInvalidAndDeadLettersKeepEveryByte() throws Exception {
    var out = EventRecords.toProducerRecord(Examples.hostSample(), SOURCE);
    byte[] broken = "{\"host_id\":\"h\",\"sequence\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    var failed = consumed(new ProducerRecord<>(out.topic(), null, out.key(), broken,
        out.headers()));

    Decoded<HostSample> in = EventRecords.decode(failed, EventType.HOST_SAMPLE);
    assertThat(in).isInstanceOf(Decoded.Invalid.class);
    String reason = ((Decoded.Invalid<HostSample>) in).reason();
    assertThat(reason).contains("$.sequence");

    Instant now = Instant.parse("2026-03-01T12:00:06Z");
    ProducerRecord<String, byte[]> dead =
        DeadLetters.toProducerRecord(failed, reason, "optimizer/telemetry", now, SOURCE);
    assertThat(dead.topic()).isEqualTo(Topics.DEADLETTER);
    assertThat(dead.key()).isEqualTo(Topics.TELEMETRY);
    DeadLetter letter = EventCodec.of(DeadLetter.class).decode(dead.value());
    assertThat(letter.value()).isEqualTo(broken);
    assertThat(letter.reason()).isEqualTo(reason);
    assertThat(letter.offset()).isEqualTo(failed.offset());
    assertThat(letter.headers()).extracting(h -> h.key())
        .containsExactly(java.util.stream.StreamSupport
            .stream(failed.headers().spliterator(), false).map(h -> h.key()).toArray(String[]::new));
    assertThat(letter.headers().get(0).value()).isEqualTo(failed.headers().iterator().next().value());
  }

  @Test
  void emptyOrBlankCeTypeIsInvalidWithAReasonNotSkippedAsUnknown() {
    for (String empty : new String[] {"", "  "}) {
      var out = EventRecords.toProducerRecord(Examples.hostSample(), SOURCE);
      out.headers().remove("ce_type").add("ce_type", empty.getBytes(StandardCharsets.UTF_8));

      Decoded<FleetEvent> any = EventRecords.decode(consumed(out));
      Decoded<HostSample> expected = EventRecords.decode(consumed(out), EventType.HOST_SAMPLE);

      assertThat(any).as("ce_type '%s'", empty)
          .isEqualTo(new Decoded.Invalid<>(EventRecords.EMPTY_CE_TYPE));
      assertThat(expected).as("ce_type '%s'", empty)
          .isEqualTo(new Decoded.Invalid<>(EventRecords.EMPTY_CE_TYPE));
    }
    assertThat(EventRecords.EMPTY_CE_TYPE).contains("ce_type").contains("empty");
  }

  @Test
  void recordWithoutCloudEventsHeadersIsInvalid() {
    var raw = new ConsumerRecord<String, byte[]>(Topics.TELEMETRY, 0, 5, "h", new byte[] {'{'});
    assertThat(EventRecords.decode(raw)).isInstanceOf(Decoded.Invalid.class);
  }

  private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    return new ConsumerRecord<>(record.topic(), 2, 77, 0L, TimestampType.CREATE_TIME, -1, -1,
        record.key(), record.value(), headers, Optional.empty());
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
