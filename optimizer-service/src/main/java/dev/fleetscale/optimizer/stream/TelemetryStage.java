package dev.fleetscale.optimizer.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.DeadLetters;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.contracts.serde.Json;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.influx.InfluxSink;
import dev.fleetscale.optimizer.influx.Measurements;
import dev.fleetscale.optimizer.rollup.HostWindows;
import dev.fleetscale.optimizer.rollup.StageWatermark;
import dev.fleetscale.optimizer.rollup.WindowSize;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host stage: consumes {@code fleet.telemetry.v1} in the optimizer's consumer group, keeps
 * each host's windows where the host's partition is, writes GPU and host rollups to InfluxDB and
 * sends each host's 10 s summary to the internal topic keyed by pool. A batch's offsets are
 * committed only after its InfluxDB write and its sends are acknowledged, and never past the first
 * record of a window still open, so a crash replays every open window whole.
 */
public final class TelemetryStage extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(TelemetryStage.class);
  /** A host this far behind the newest sample (event time) no longer holds anything back. */
  private static final long STALE_MS = 60_000;
  static final String CONSUMER_NAME = "optimizer-service/telemetry";
  private static final int DECODE_CHUNK = 200;
  /** Batches whose writes may be outstanding at once (memory: about 7 MiB of records each). */
  static final int MAX_BATCHES_IN_FLIGHT = 4;

  private final OptimizerConfig config;
  private final InfluxSink influx;
  private final EventPublisher publisher;
  private final Counter samples;
  private final Counter deadLettered;
  private final Counter unknown;
  private final Counter duplicates;
  private final dev.fleetscale.optimizer.rollup.SampleRejections rejections;
  private final Timer pollTime;
  private final Timer decodeTime;
  private final Timer windowsTime;
  private final Timer influxTime;
  private final Timer sendTime;
  private final Timer commitTime;
  private final Map<String, HostTrack> hosts = new HashMap<>();
  /** Prices for cost allocation; null when it is off (cost.enabled: false). */
  private final dev.fleetscale.optimizer.cost.RateBook costRates;
  /** The unknown {@code ce_type}s already logged (event-loop thread only). */
  private final java.util.Set<String> unknownTypesLogged = new java.util.HashSet<>();
  static final int MAX_UNKNOWN_TYPES_LOGGED = 100;
  private boolean tooManyTypesLogged;
  private final Map<Integer, Long> nextOffset = new HashMap<>();
  /**
   * Newest sample time this instance has seen, any partition: hosts far behind it are stale and
   * hold back neither commits nor watermarks (a partition whose hosts all went silent follows the
   * instance's slowest live partition).
   */
  private Instant newestEventTime;
  private final java.util.Set<Integer> assigned = new java.util.TreeSet<>();
  private final Map<Integer, Instant> watermarkSent = new HashMap<>();
  /**
   * Owned partitions without known hosts: how far each may be promised, the slowest progress at
   * the moment a check then found it read to its log end. "No hosts seen" alone may only mean
   * "not polled yet" (after a start or a rewind), and promising it the slowest partition's
   * progress would close pool windows without those hosts.
   */
  private final Map<Integer, Instant> clearedUpTo = new HashMap<>();
  private final java.util.Set<Integer> checking = new java.util.HashSet<>();
  private int telemetryPartitions;
  private int internalPartitions;
  private KafkaConsumer<String, byte[]> consumer;
  /**
   * Batches applied whose writes and commit have not all completed, oldest first. Their commits
   * are chained, so they land in order and none lands after an earlier one failed.
   */
  private final java.util.ArrayDeque<Future<Void>> inFlight = new java.util.ArrayDeque<>();
  /** The newest batch's commit (completes after every earlier one). */
  private Future<Void> lastCommit = Future.succeededFuture();
  private volatile boolean running;
  private volatile long lastBatchMillis;

  private static final class HostTrack {
    final HostWindows windows;
    final int partition;
    Instant openEnd;
    long openSince;
    Instant lastEventTime;
    /** The host's hourly cost window (docs/cost.md); null when cost allocation is off. */
    final dev.fleetscale.optimizer.cost.HostCostTracker cost;

    HostTrack(int partition, dev.fleetscale.optimizer.rollup.SampleRejections rejections,
        dev.fleetscale.optimizer.cost.RateBook rates) {
      this.partition = partition;
      this.windows = new HostWindows(rejections);
      this.cost = rates == null ? null : new dev.fleetscale.optimizer.cost.HostCostTracker(rates);
    }
  }

  public TelemetryStage(OptimizerConfig config, InfluxSink influx, EventPublisher publisher,
      MeterRegistry registry) {
    this.config = config;
    this.influx = influx;
    this.publisher = publisher;
    this.samples = Counter.builder("fleetscale_optimizer_samples_total")
        .description("Host samples consumed").register(registry);
    this.deadLettered = Counter.builder("fleetscale_optimizer_deadlettered_total")
        .description("Records sent to the dead-letter topic").register(registry);
    this.unknown = Counter.builder("fleetscale_optimizer_unknown_events_total")
        .description("Records of an unknown event type, skipped").register(registry);
    this.duplicates = Counter.builder("fleetscale_optimizer_duplicate_samples_total")
        .description("Samples older than one already seen for their host, dropped")
        .register(registry);
    this.rejections = new dev.fleetscale.optimizer.rollup.SampleRejections(registry);
    this.pollTime = phase(registry, "poll");
    this.decodeTime = phase(registry, "decode");
    this.windowsTime = phase(registry, "windows");
    this.influxTime = phase(registry, "influx");
    this.sendTime = phase(registry, "send");
    this.commitTime = phase(registry, "commit");
    this.costRates = config.cost().enabled()
        ? dev.fleetscale.optimizer.cost.RateBook.load(config.cost()) : null;
  }

  /**
   * Wall time of one phase of a batch: poll, decode (records to events, on workers), windows
   * (feeding the windows and building lines and sends, event loop), influx and send (from issue
   * to acknowledgement, overlapping each other and the next batch's decode), commit. Where ingest
   * time goes, without a profiler.
   */
  private static Timer phase(MeterRegistry registry, String phase) {
    return Timer.builder("fleetscale_optimizer_batch_phase")
        .description("Wall time of one phase of a telemetry batch").tag("phase", phase)
        .register(registry);
  }

  private static <T> Future<T> timed(Timer timer, Future<T> future) {
    long start = System.nanoTime();
    return future.onComplete(ar -> timer.record(System.nanoTime() - start,
        java.util.concurrent.TimeUnit.NANOSECONDS));
  }

  /** True while the poll loop runs and has completed a batch within the last minute. */
  public boolean healthy() {
    return running && System.currentTimeMillis() - lastBatchMillis < 60_000;
  }

  @Override
  public Future<?> start() {
    consumer = Consumers.createBulk(vertx, config.kafkaClient(), config.groupId(),
        config.maxPollRecords());
    consumer.partitionsRevokedHandler(this::forget);
    consumer.partitionsAssignedHandler(set -> set.forEach(tp -> assigned.add(tp.getPartition())));
    running = true;
    lastBatchMillis = System.currentTimeMillis();
    return publisher.partitionCount(Topics.TELEMETRY)
        .compose(n -> {
          telemetryPartitions = n;
          return publisher.partitionCount(config.poolSummariesTopic());
        })
        .compose(n -> {
          internalPartitions = n;
          return consumer.subscribe(Topics.TELEMETRY);
        })
        .onSuccess(v -> loop());
  }

  @Override
  public Future<?> stop() {
    running = false;
    // Let the batches in flight finish their writes and commits, then close.
    return lastCommit.transform(ar -> consumer.close());
  }

  private void forget(java.util.Set<TopicPartition> revoked) {
    if (!revoked.isEmpty()) {
      log.info("telemetry stage: partitions revoked {}", revoked);
    }
    for (TopicPartition tp : revoked) {
      assigned.remove(tp.getPartition());
      watermarkSent.remove(tp.getPartition());
      clearedUpTo.remove(tp.getPartition());
      hosts.values().removeIf(h -> h.partition == tp.getPartition());
      nextOffset.remove(tp.getPartition());
    }
  }

  /**
   * Poll, decode, apply: a batch's windows are fed here, in order, and its InfluxDB write and sends
   * start at once; its offsets are committed when those are acknowledged and the previous batch
   * is committed. Up to {@value #MAX_BATCHES_IN_FLIGHT} batches wait on InfluxDB at a time, so
   * the write round trip (most of a batch's wall time on a busy InfluxDB) overlaps the next
   * batches' work instead of gating it, while commits stay in order and memory stays bounded.
   */
  private void loop() {
    if (!running) {
      return;
    }
    timed(pollTime, consumer.poll(config.pollTimeout()))
        .compose(this::decode)
        .compose(decoded -> room().map(v -> {
          apply(decoded.records(), decoded.events());
          return (Void) null;
        }))
        .onComplete(ar -> {
          if (ar.failed()) {
            // Nothing past the last commit counts: the position is reset to it and the batches
            // are read again, so nothing is lost.
            log.warn("telemetry batch failed, retrying from the last commit: {}",
                ar.cause().toString());
            // Let the batches still in flight settle first, so no commit lands after the seek.
            List<Future<Void>> pending = new ArrayList<>(inFlight);
            inFlight.clear();
            lastCommit = Future.succeededFuture();
            Future.join(pending).onComplete(settled ->
                vertx.setTimer(1000, t -> rewind().onComplete(x -> loop())));
          } else {
            lastBatchMillis = System.currentTimeMillis();
            loop();
          }
        });
  }

  /**
   * Completes when fewer than {@value #MAX_BATCHES_IN_FLIGHT} batches are in flight; fails if a
   * batch in flight failed (and with it every later one, whose commits are chained to it).
   */
  private Future<Void> room() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().isComplete()) {
      Future<Void> done = inFlight.pollFirst();
      if (done.failed()) {
        return Future.failedFuture(done.cause());
      }
    }
    if (inFlight.size() < MAX_BATCHES_IN_FLIGHT) {
      return Future.succeededFuture();
    }
    return inFlight.peekFirst().compose(v -> room());
  }

  private Future<Void> rewind() {
    List<Future<Void>> seeks = new ArrayList<>();
    hosts.clear();
    for (Integer p : new ArrayList<>(nextOffset.keySet())) {
      TopicPartition tp = new TopicPartition(Topics.TELEMETRY, p);
      seeks.add(consumer.committed(tp).compose(o -> o == null ? consumer.seekToBeginning(tp)
          : consumer.seek(tp, o.getOffset())));
    }
    nextOffset.clear();
    newestEventTime = null;
    clearedUpTo.clear();
    return Future.all(seeks).mapEmpty();
  }

  private record DecodedBatch(List<ConsumerRecord<String, byte[]>> records,
      List<Decoded<HostSample>> events) {}

  private Future<DecodedBatch> decode(KafkaConsumerRecords<String, byte[]> batch) {
    if (batch.isEmpty()) {
      // Nothing came: look again whether partitions without hosts are read to their end, so
      // their promise can move even when no more records arrive.
      sendWatermarks();
      return Future.succeededFuture(new DecodedBatch(List.of(), List.of()));
    }
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      records.add(batch.recordAt(i).record());
    }
    // Decoding (CloudEvents headers, JSON Schema, binding) is the costly, pure part: spread it
    // over worker threads in chunks; the windows are then fed in record order on this thread.
    List<Future<List<Decoded<HostSample>>>> chunks = new ArrayList<>();
    for (int from = 0; from < records.size(); from += DECODE_CHUNK) {
      List<ConsumerRecord<String, byte[]>> chunk =
          records.subList(from, Math.min(records.size(), from + DECODE_CHUNK));
      chunks.add(vertx.executeBlocking(() -> {
        List<Decoded<HostSample>> out = new ArrayList<>(chunk.size());
        for (ConsumerRecord<String, byte[]> r : chunk) {
          out.add(EventRecords.decode(r, EventType.HOST_SAMPLE));
        }
        return out;
      }, false));
    }
    return timed(decodeTime, Future.all(chunks)).map(done -> {
      List<Decoded<HostSample>> decoded = new ArrayList<>(records.size());
      chunks.forEach(c -> decoded.addAll(c.result()));
      return new DecodedBatch(records, decoded);
    });
  }

  private void apply(List<ConsumerRecord<String, byte[]>> records,
      List<Decoded<HostSample>> decodedRecords) {
    if (records.isEmpty()) {
      return;
    }
    long windowsStart = System.nanoTime();
    List<String> lines = new ArrayList<>();
    List<ProducerRecord<String, byte[]>> sends = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, byte[]> record = records.get(i);
      if (!assigned.contains(record.partition())) {
        continue; // revoked while decoding: the new owner reads it from the last commit
      }
      nextOffset.put(record.partition(), record.offset() + 1);
      Decoded<HostSample> decoded = decodedRecords.get(i);
      if (decoded instanceof Decoded.Event<HostSample> event) {
        accept(event.event(), record, lines, sends);
      } else if (decoded instanceof Decoded.Invalid<HostSample> invalid) {
        deadLettered.increment();
        log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(),
            record.offset(), invalid.reason());
        sends.add(DeadLetters.toProducerRecord(record, invalid.reason(), CONSUMER_NAME,
            Instant.now(), EventPublisher.SOURCE));
      } else if (decoded instanceof Decoded.Unknown<HostSample> skipped) {
        unknown.increment();
        logFirstOf(skipped.ceType(), record);
      }
    }
    if (costRates != null) {
      // Hosts that went silent: their hour closes once the stage is a minute past its end.
      for (HostTrack h : hosts.values()) {
        h.cost.closeIfStale(newestEventTime, rows -> lines.addAll(
            dev.fleetscale.optimizer.cost.CostPoints.lines(rows)));
      }
    }
    // Summaries first, watermarks after: per internal partition the producer keeps that order.
    sends.addAll(watermarks());
    Map<TopicPartition, OffsetAndMetadata> commits = commitPositions();
    windowsTime.record(System.nanoTime() - windowsStart, java.util.concurrent.TimeUnit.NANOSECONDS);
    Future<?> durable = Future.all(timed(influxTime, influx.writeLines(lines)),
        timed(sendTime, publisher.sendAll(sends)));
    Future<Void> committed = lastCommit.compose(v -> durable)
        .compose(v -> timed(commitTime, consumer.commit(commits)).mapEmpty());
    lastCommit = committed;
    inFlight.addLast(committed);
  }

  /**
   * Logs the first record of each {@code ce_type} this stage skips (a newer producer's type, or
   * one that belongs on another topic); later ones are only counted. At most {@value
   * #MAX_UNKNOWN_TYPES_LOGGED} types are remembered, so a producer of random types cannot grow the
   * set without end.
   */
  private void logFirstOf(String ceType, ConsumerRecord<String, byte[]> record) {
    if (unknownTypesLogged.contains(ceType)) {
      return;
    }
    if (unknownTypesLogged.size() >= MAX_UNKNOWN_TYPES_LOGGED) {
      if (!tooManyTypesLogged) {
        tooManyTypesLogged = true;
        log.warn("more than {} unknown ce_types on {}: no longer logging new ones (they are still"
            + " counted in fleetscale_optimizer_unknown_events_total)", MAX_UNKNOWN_TYPES_LOGGED,
            record.topic());
      }
      return;
    }
    unknownTypesLogged.add(ceType);
    log.warn("skipping records of unknown ce_type '{}' on {}, first at {}-{}@{} (key {}): not a"
        + " type this optimizer reads; later ones are only counted in"
        + " fleetscale_optimizer_unknown_events_total", ceType, record.topic(), record.topic(),
        record.partition(), record.offset(), record.key());
  }

  private void accept(HostSample sample, ConsumerRecord<String, byte[]> record,
      List<String> lines, List<ProducerRecord<String, byte[]>> sends) {
    samples.increment();
    HostTrack track = hosts.computeIfAbsent(sample.hostId(), h -> new HostTrack(
        record.partition(), rejections, costRates));
    Instant end = WindowSize.S10.endOf(sample.timestamp().minusMillis(1));
    boolean added = track.windows.add(sample, closed -> {
      lines.addAll(Measurements.hostWindow(closed));
      if (closed.summary() != null) {
        sends.add(summaryRecord(closed));
      }
    });
    if (!added) {
      duplicates.increment();
      return;
    }
    if (track.cost != null) {
      track.cost.add(sample, rows -> lines.addAll(
          dev.fleetscale.optimizer.cost.CostPoints.lines(rows)));
    }
    if (!end.equals(track.openEnd)) {
      track.openEnd = end;
      track.openSince = record.offset();
    }
    track.lastEventTime = sample.timestamp();
    if (newestEventTime == null || sample.timestamp().isAfter(newestEventTime)) {
      newestEventTime = sample.timestamp();
    }
    if (config.influx().writeRawSamples()) {
      lines.add(Measurements.rawSample(sample).toLineProtocol());
    }
  }

  private ProducerRecord<String, byte[]> summaryRecord(HostWindows.Closed closed) {
    try {
      return new ProducerRecord<>(config.poolSummariesTopic(), closed.summary().pool(),
          Json.mapper().writeValueAsBytes(closed.summary()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a host window summary", e);
    }
  }

  /**
   * For each owned telemetry partition whose progress moved: a {@link StageWatermark} to every
   * internal partition. Progress = the oldest open 10 s window start over the partition's hosts
   * that are not stale; a partition with only stale hosts follows this instance's slowest
   * partition; one without known hosts only as far as {@link #clearedUpTo} allows.
   */
  private List<ProducerRecord<String, byte[]>> watermarks() {
    Map<Integer, Instant> progress = new HashMap<>();
    java.util.Set<Integer> withKnownHosts = new java.util.HashSet<>();
    for (HostTrack h : hosts.values()) {
      withKnownHosts.add(h.partition);
      Instant newest = newestEventTime;
      if (h.openEnd == null || newest == null
          || h.lastEventTime.isBefore(newest.minusMillis(STALE_MS))) {
        continue;
      }
      Instant closed = h.openEnd.minus(WindowSize.S10.length());
      progress.merge(h.partition, closed, (a, b) -> a.isBefore(b) ? a : b);
    }
    if (progress.isEmpty()) {
      return List.of();
    }
    Instant slowest = progress.values().stream().min(Instant::compareTo).orElseThrow();
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    for (int p : assigned) {
      Instant closedUpTo = progress.get(p);
      if (closedUpTo == null && withKnownHosts.contains(p)) {
        closedUpTo = slowest; // its hosts are all stale: it holds nothing back
      } else if (closedUpTo == null) {
        checkReadToEnd(p, slowest);
        Instant cleared = clearedUpTo.get(p);
        if (cleared == null) {
          continue;
        }
        closedUpTo = cleared.isBefore(slowest) ? cleared : slowest;
      }
      Instant sent = watermarkSent.get(p);
      if (sent != null && !closedUpTo.isAfter(sent)) {
        continue;
      }
      watermarkSent.put(p, closedUpTo);
      byte[] value;
      try {
        value = Json.mapper().writeValueAsBytes(new StageWatermark(p, telemetryPartitions,
            closedUpTo));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot encode a watermark", e);
      }
      for (int target = 0; target < internalPartitions; target++) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(config.poolSummariesTopic(),
            target, StageWatermark.KIND, value);
        r.headers().add(StageWatermark.HEADER,
            StageWatermark.KIND.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Asks whether partition {@code p}, which has no known hosts, has been read to its log end; if
   * so it may be promised up to {@code progressNow}, the slowest progress before the question.
   */
  private void checkReadToEnd(int p, Instant progressNow) {
    if (!checking.add(p)) {
      return;
    }
    TopicPartition tp = new TopicPartition(Topics.TELEMETRY, p);
    Future.all(consumer.position(tp), consumer.endOffsets(tp)).onComplete(ar -> {
      checking.remove(p);
      if (ar.failed() || !assigned.contains(p)) {
        return;
      }
      long position = ar.result().<Long>resultAt(0);
      long end = ar.result().<Long>resultAt(1);
      Instant before = clearedUpTo.get(p);
      if (position >= end && (before == null || progressNow.isAfter(before))) {
        clearedUpTo.put(p, progressNow);
        sendWatermarks();
      }
    });
  }

  private void sendWatermarks() {
    List<ProducerRecord<String, byte[]>> marks = watermarks();
    if (!marks.isEmpty()) {
      // After every summary already issued: the producer keeps issue order per partition. If
      // the send fails, forget what was sent so that the next batch promises it again.
      publisher.sendAll(marks).onFailure(e -> watermarkSent.clear());
    }
  }

  /** Per partition: the first offset of any open window, else the next offset to read. */
  private Map<TopicPartition, OffsetAndMetadata> commitPositions() {
    Map<Integer, Long> positions = new HashMap<>(nextOffset);
    for (HostTrack h : hosts.values()) {
      Instant newest = newestEventTime;
      if (h.openEnd == null || newest == null
          || h.lastEventTime.isBefore(newest.minusMillis(STALE_MS))) {
        continue;
      }
      positions.merge(h.partition, h.openSince, Math::min);
    }
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    positions.forEach((p, o) -> out.put(new TopicPartition(Topics.TELEMETRY, p),
        new OffsetAndMetadata(o, "")));
    return out;
  }
}
