package dev.fleetscale.optimizer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.EventCodec;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.contracts.serde.Json;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.optimizer.Samples;
import dev.fleetscale.optimizer.influx.Measurements;
import dev.fleetscale.optimizer.rollup.HostWindows;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The host stage's CPU per sample, part by part, on one thread, without broker or InfluxDB: what
 * the ingest benchmark's end-to-end figure is made of. Samples are the ingest benchmark's (8 GPUs,
 * 6 busy). Run: {@code java -cp $CP org.openjdk.jmh.Main HostStageBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class HostStageBenchmark {

  private static final int HOSTS = 50;
  private static final int SECONDS = 600;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
  private final List<JsonNode> trees = new ArrayList<>();
  private final List<HostSample> stream = new ArrayList<>();
  private final EventCodec<HostSample> codec = EventCodec.of(HostSample.class);
  private Map<String, HostWindows> windows = new HashMap<>();
  private com.networknt.schema.JsonSchema fullSchema;
  private int next;
  private int nextSample;

  @Setup
  public void setUp() throws Exception {
    // As the codec configures networknt (contracts' EventCodec.SchemaValidator).
    try (var in = EventCodec.class.getResourceAsStream(EventType.HOST_SAMPLE.schemaResource())) {
      fullSchema = com.networknt.schema.JsonSchemaFactory.getInstance(
              com.networknt.schema.SpecVersion.VersionFlag.V202012)
          .getSchema(in, com.networknt.schema.SchemaValidatorsConfig.builder()
              .pathType(com.networknt.schema.PathType.JSON_PATH)
              .formatAssertionsEnabled(true).build());
    }
    Instant t0 = Instant.parse("2026-04-01T00:00:00Z");
    URI source = URI.create("/fleetscale/telemetry-agent/bench");
    for (int h = 0; h < 64; h++) {
      ProducerRecord<String, byte[]> p = EventRecords.toProducerRecord(
          Samples.host("host-" + h, "pool-" + (h % 10), h, t0.plusSeconds(h), 8, 6, 40 + h % 50), source);
      RecordHeaders headers = new RecordHeaders(p.headers().toArray());
      records.add(new ConsumerRecord<>(p.topic(), 0, h, 0L, TimestampType.CREATE_TIME,
          p.key().length(), p.value().length, p.key(), p.value(), headers,
          java.util.Optional.empty()));
      trees.add(Json.mapper().readTree(p.value()));
    }
    for (int s = 1; s <= SECONDS; s++) {
      for (int h = 0; h < HOSTS; h++) {
        stream.add(Samples.host("host-" + h, "pool-" + (h % 10), s, t0.plusSeconds(s), 8, 6,
            40 + ((h + s) % 50)));
      }
    }
  }

  private ConsumerRecord<String, byte[]> record() {
    next = (next + 1) & 63;
    return records.get(next);
  }

  /** What the host stage does per record today: CloudEvents headers, parse, schema, bind. */
  @Benchmark
  public Object decodeRecord() {
    Decoded<HostSample> d = EventRecords.decode(record(), EventType.HOST_SAMPLE);
    if (!(d instanceof Decoded.Event<HostSample>)) {
      throw new AssertionError(d);
    }
    return d;
  }

  /** The codec's decode of a value: one pass, bound from the bytes under the streaming check. */
  @Benchmark
  public Object decodeValue() throws Exception {
    return codec.decode(record().value());
  }

  /**
   * The codec's decode before the streaming check (the baseline, same run): parse to a tree,
   * quick check on the tree, bind the tree.
   */
  @Benchmark
  public Object decodeValueViaTree() throws Exception {
    return Json.mapper().treeToValue(codec.validate(record().value()), HostSample.class);
  }

  /** The CloudEvents headers alone, as {@code EventRecords.decode} reads them. */
  @Benchmark
  public Object cloudEventHeaders() throws Exception {
    return io.cloudevents.kafka.KafkaMessageFactory.createReader(record()).toEvent()
        .getData().toBytes();
  }

  /**
   * The codec's path before the quick check (the baseline, same run): parse, full networknt
   * validation of the tree, bind.
   */
  @Benchmark
  public Object decodeFullValidation() throws Exception {
    JsonNode tree = Json.mapper().readTree(record().value());
    if (!fullSchema.validate(tree).isEmpty()) {
      throw new AssertionError("invalid");
    }
    return Json.mapper().treeToValue(tree, HostSample.class);
  }

  /** Parse to a tree and validate it against the schema (no binding). */
  @Benchmark
  public Object parseAndValidate() throws Exception {
    return codec.validate(record().value());
  }

  /** Parse to a tree only. */
  @Benchmark
  public Object parseTree() throws Exception {
    return Json.mapper().readTree(record().value());
  }

  /** Bind an already parsed tree. */
  @Benchmark
  public Object bindTree() throws Exception {
    next = (next + 1) & 63;
    return Json.mapper().treeToValue(trees.get(next), HostSample.class);
  }

  /** Parse and bind in one pass, no tree. */
  @Benchmark
  public Object bindBytes() throws Exception {
    return Json.mapper().readValue(record().value(), HostSample.class);
  }

  /**
   * Windows of 50 hosts fed in order, with every closed window turned into line protocol and
   * every 10 s summary encoded: the event-loop part of the host stage.
   */
  @Benchmark
  public int windowsAndLines() throws Exception {
    if (nextSample == stream.size()) {
      nextSample = 0;
      windows = new HashMap<>();
    }
    HostSample sample = stream.get(nextSample++);
    int[] produced = new int[1];
    windows.computeIfAbsent(sample.hostId(), k -> new HostWindows()).add(sample, closed -> {
      produced[0] += Measurements.hostWindow(closed).size();
      if (closed.summary() != null) {
        try {
          produced[0] += Json.mapper().writeValueAsBytes(closed.summary()).length;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    return produced[0];
  }
}
