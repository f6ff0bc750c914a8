package dev.fleetscale.optimizer.stream;

import com.influxdb.client.write.Point;
import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.influx.InfluxQl;
import dev.fleetscale.contracts.kafka.DeadLetters;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import dev.fleetscale.contracts.serde.Json;
import dev.fleetscale.optimizer.actuator.ActuatorReports;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.forecast.CapacityForecaster;
import dev.fleetscale.optimizer.forecast.DemandLedger;
import dev.fleetscale.optimizer.influx.InfluxSink;
import dev.fleetscale.optimizer.influx.Measurements;
import dev.fleetscale.optimizer.pool.DecisionBoard;
import dev.fleetscale.optimizer.pool.PoolDecider;
import dev.fleetscale.optimizer.pool.PoolWindow;
import dev.fleetscale.optimizer.pool.PoolWindows;
import dev.fleetscale.optimizer.rebalance.RebalancePlanner;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
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
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool stage: consumes the internal topic of host summaries (keyed by pool, so every host of
 * a pool arrives at one instance), closes pool windows, writes pool rollups, and makes and
 * publishes the pool's decisions. Commits carry, per pool, the end of the last window closed (in
 * the commit's metadata), so after a restart or a partition move windows already decided are not
 * decided again from a partial replay.
 */
public final class PoolStage extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(PoolStage.class);
  static final String CONSUMER_NAME = "optimizer-service/pools";

  private final OptimizerConfig config;
  private final ActuatorReports reports;
  private final InfluxSink influx;
  private final DecisionBoard board;
  private final RebalancePlanner planner;
  private final CapacityForecaster forecaster;
  private final DemandLedger ledger;
  private final Counter decisions;
  private final Timer latency;
  private final dev.fleetscale.optimizer.rollup.SampleRejections rejections;
  private final Map<String, PoolTrack> pools = new HashMap<>();
  private final Map<Integer, Map<String, Instant>> restored = new HashMap<>();
  private final Map<Integer, Long> nextOffset = new HashMap<>();
  /** Autoscale decisions read back for pools about to be resumed: [time ns, current, raw, desired]. */
  private final Map<String, List<double[]>> priorDecisions =
      new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * Daily peaks read back for pools about to be taken on: [time ns, then one peak per {@link
   * CapacityResource} in enum order, NaN where that day has none].
   */
  private final Map<String, List<double[]>> priorPeaks =
      new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * The members of pools about to be resumed, read back from InfluxDB: each host's last 10 s
   * rollup within one membership horizon before the pool's last closed window. Absent where the
   * read failed (the pool is then watched for a horizon before it is decided on).
   */
  private final Map<String, Map<String, Instant>> priorMembers =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** The last demand raised per resource, read back for pools about to be taken on. */
  private final Map<String, List<RaisedDemand>> priorDemands =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Per internal partition: each telemetry partition's promised progress. */
  private final Map<Integer, Map<Integer, Instant>> upstream = new HashMap<>();
  private KafkaConsumer<String, byte[]> consumer;
  private org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> client;
  private TransactionalPublisher transactions;
  private volatile boolean running;
  private volatile long lastBatchMillis;

  private final class PoolTrack {
    final int partition;
    final PoolWindows windows;
    final PoolDecider decider;
    final TreeMap<Instant, Long> firstOffsetOfOpen = new TreeMap<>();
    Instant closedUpTo;

    PoolTrack(String pool, int partition, Instant closedUpTo) {
      this.partition = partition;
      this.closedUpTo = closedUpTo;
      this.windows = new PoolWindows(pool, config.grace(), closedUpTo,
          config.forecast().ssdBandwidthPerDevice(pool), config.membershipHorizon());
      Map<String, Instant> members = priorMembers.remove(pool);
      if (members != null && closedUpTo != null) {
        windows.restoreMembers(members, closedUpTo);
      }
      this.decider = new PoolDecider(pool, config, planner, forecaster, ledger, rejections);
      for (double[] d : priorDecisions.getOrDefault(pool, List.of())) {
        decider.autoscaler().restore(Instant.ofEpochMilli((long) (d[0] / 1_000_000)), (int) d[1],
            (int) d[2], (int) d[3]);
      }
      priorDecisions.remove(pool);
      CapacityResource[] resources = CapacityResource.values();
      for (double[] peak : priorPeaks.getOrDefault(pool, List.of())) {
        Instant day = Instant.ofEpochMilli((long) (peak[0] / 1_000_000));
        for (int r = 0; r < resources.length; r++) {
          if (!Double.isNaN(peak[r + 1])) {
            decider.restorePeak(day, resources[r], peak[r + 1]);
          }
        }
      }
      priorPeaks.remove(pool);
      for (RaisedDemand d : priorDemands.getOrDefault(pool, List.of())) {
        ledger.remember(pool, d.resource(), d.demandId(), d.shortfall(), d.neededBy());
      }
      priorDemands.remove(pool);
    }
  }

  /** What {@code capacity_demand} keeps of the last demand raised for a pool and resource. */
  private record RaisedDemand(CapacityResource resource, String demandId, double shortfall,
      java.time.LocalDate neededBy) {}

  public PoolStage(OptimizerConfig config, InfluxSink influx, DecisionBoard board,
      MeterRegistry registry) {
    this(config, influx, board, registry, new ActuatorReports());
  }

  /**
   * @param reports the actuators' latest pool state ({@code fleet.pool-state.v1}), handed to each
   *     pool's autoscaler before it decides
   */
  public PoolStage(OptimizerConfig config, InfluxSink influx, DecisionBoard board,
      MeterRegistry registry, ActuatorReports reports) {
    this.reports = reports;
    this.config = config;
    this.influx = influx;
    this.board = board;
    var g = config.goals();
    this.planner = new RebalancePlanner(g.catalog().goals(g.order()), config.planner());
    this.forecaster = new CapacityForecaster(config.forecast().leadDays(),
        config.forecast().targetUtilization());
    this.ledger = new DemandLedger(config.forecast().sameShortfallSlack(),
        config.forecast().sameNeededBySlackDays());
    this.decisions = Counter.builder("fleetscale_optimizer_decisions_total")
        .description("Decisions published (autoscale, rebalance, capacity demand)")
        .register(registry);
    this.latency = Timer.builder("fleetscale_optimizer_decision_latency")
        .description("From a pool window's end to its decisions being acknowledged")
        .publishPercentiles(0.5, 0.99)
        .register(registry);
    this.rejections = new dev.fleetscale.optimizer.rollup.SampleRejections(registry);
  }

  public boolean healthy() {
    return running && System.currentTimeMillis() - lastBatchMillis < 60_000;
  }

  @Override
  public Future<?> start() {
    var pair = Consumers.createPair(vertx, config.kafkaClient(), config.groupId() + "-pools",
        config.maxPollRecords());
    consumer = pair.consumer();
    client = pair.client();
    transactions = new TransactionalPublisher(vertx, config.kafkaClient(),
        config.groupId() + "-pools");
    consumer.partitionsRevokedHandler(this::forget);
    running = true;
    lastBatchMillis = System.currentTimeMillis();
    return transactions.init()
        .compose(v -> consumer.subscribe(config.poolSummariesTopic()))
        .onSuccess(v -> loop());
  }

  @Override
  public Future<?> stop() {
    running = false;
    return consumer.close().eventually(() -> vertx.executeBlocking(() -> {
      transactions.close();
      return null;
    }));
  }

  private void forget(Set<TopicPartition> revoked) {
    if (!revoked.isEmpty()) {
      log.info("pool stage: partitions revoked {}", revoked);
    }
    for (TopicPartition tp : revoked) {
      pools.values().stream().filter(p -> p.partition == tp.getPartition())
          .forEach(p -> board.forget(p.windows.pool()));
      pools.values().removeIf(p -> p.partition == tp.getPartition());
      restored.remove(tp.getPartition());
      nextOffset.remove(tp.getPartition());
      upstream.remove(tp.getPartition());
    }
  }

  private void loop() {
    if (!running) {
      return;
    }
    consumer.poll(config.pollTimeout())
        .compose(this::process)
        .onComplete(ar -> {
          if (ar.failed()) {
            log.warn("pool batch failed, retrying from the last commit: {}", ar.cause().toString());
            vertx.setTimer(1000, t -> rewind().onComplete(x -> loop()));
          } else {
            lastBatchMillis = System.currentTimeMillis();
            loop();
          }
        });
  }

  private Future<Void> rewind() {
    List<Future<Void>> seeks = new ArrayList<>();
    for (Integer p : new ArrayList<>(nextOffset.keySet())) {
      TopicPartition tp = new TopicPartition(config.poolSummariesTopic(), p);
      seeks.add(consumer.committed(tp).compose(o -> o == null ? consumer.seekToBeginning(tp)
          : consumer.seek(tp, o.getOffset())));
    }
    pools.clear();
    restored.clear();
    nextOffset.clear();
    upstream.clear();
    return Future.all(seeks).mapEmpty();
  }

  private Future<Void> process(KafkaConsumerRecords<String, byte[]> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    Set<Integer> unknown = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      int p = batch.recordAt(i).partition();
      if (!restored.containsKey(p)) {
        unknown.add(p);
      }
    }
    return restore(unknown).compose(v -> prepare(batch)).compose(v -> handle(batch));
  }

  /**
   * Reads what the last commit of each newly owned partition says about its pools, then each such
   * pool's recent autoscale decisions from InfluxDB, so its autoscaler resumes its stabilization
   * windows, rate limits and cooldown instead of starting blank.
   */
  private Future<Void> restore(Set<Integer> partitions) {
    List<Future<Void>> reads = new ArrayList<>();
    for (int p : partitions) {
      reads.add(consumer.committed(new TopicPartition(config.poolSummariesTopic(), p))
          .map(o -> {
            restored.put(p, parseClosed(o == null ? null : o.getMetadata()));
            return null;
          }));
    }
    return Future.all(reads).mapEmpty();
  }

  /**
   * For pools this instance is about to take on: reads their history back from InfluxDB (recent
   * autoscale decisions, daily peaks of every capacity resource) so that the autoscaler and the
   * forecaster go on where the previous owner stopped.
   */
  private Future<Void> prepare(KafkaConsumerRecords<String, byte[]> batch) {
    Map<String, Instant> fresh = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      ConsumerRecord<String, byte[]> r = batch.recordAt(i).record();
      String pool = r.key();
      if (pool == null || r.headers().lastHeader(StageWatermark.HEADER) != null
          || pools.containsKey(pool) || fresh.containsKey(pool)) {
        continue;
      }
      Instant upTo = restored.getOrDefault(r.partition(), Map.of()).get(pool);
      fresh.put(pool, upTo == null ? Instant.EPOCH : upTo);
    }
    if (fresh.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      fresh.forEach((pool, upTo) -> {
        if (!upTo.equals(Instant.EPOCH)) {
          priorDecisions.put(pool, readDecisions(pool, upTo));
          readMembers(pool, upTo).ifPresent(m -> priorMembers.put(pool, m));
        }
        priorPeaks.put(pool, readDailyPeaks(pool));
        priorDemands.put(pool, readDemands(pool));
      });
      return null;
    }, false);
  }

  /**
   * Daily maxima of every resource's demand from the pool's 1 h rollups, up to 400 days back: one
   * query, one column per resource (null, read as NaN, on days the field was not written, e.g.
   * before an upgrade that added it).
   */
  private List<double[]> readDailyPeaks(String pool) {
    CapacityResource[] resources = CapacityResource.values();
    StringBuilder select = new StringBuilder("SELECT ");
    String[] columns = new String[resources.length + 1];
    columns[0] = "time";
    for (int r = 0; r < resources.length; r++) {
      columns[r + 1] = "peak_" + r;
      select.append(r == 0 ? "" : ", ").append("max(\"")
          .append(Measurements.demandField(resources[r])).append("\") AS ").append(columns[r + 1]);
    }
    return query(select + " FROM " + Measurements.POOL_ROLLUP + " WHERE pool = '"
        + escape(pool) + "' AND \"window\" = '1h' AND time > now() - 400d"
        + " GROUP BY time(1d) fill(none)", pool, columns);
  }

  /**
   * The last capacity demand raised per resource of the pool, so that the same shortfall is not
   * raised again after a restart or a partition move (and a changed one names what it supersedes).
   */
  private List<RaisedDemand> readDemands(String pool) {
    List<RaisedDemand> out = new ArrayList<>();
    String influxql = "SELECT last(demand_id) AS demand_id, last(shortfall) AS shortfall,"
        + " last(needed_by) AS needed_by FROM " + Measurements.CAPACITY_DEMAND
        + " WHERE pool = '" + escape(pool) + "' GROUP BY \"resource\"";
    try {
      for (var series : InfluxQl.query(influx.client(), config.influx().bucket(), influxql)) {
        CapacityResource resource;
        try {
          resource = CapacityResource.valueOf(series.tags().get("resource"));
        } catch (IllegalArgumentException | NullPointerException e) {
          continue; // a resource this version does not know
        }
        for (var row : series.rows()) {
          out.add(new RaisedDemand(resource, row.text("demand_id"), row.number("shortfall"),
              java.time.LocalDate.parse(row.text("needed_by"))));
        }
      }
    } catch (RuntimeException e) {
      log.warn("pool {}: cannot read its capacity demands from InfluxDB, a shortfall raised"
          + " before may be raised again: {}", pool, e.toString());
    }
    return out;
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("'", "\\'");
  }

  private List<double[]> query(String influxql, String pool, String... columns) {
    List<double[]> out = new ArrayList<>();
    try {
      for (var series : InfluxQl.query(influx.client(), config.influx().bucket(), influxql)) {
        for (var row : series.rows()) {
          double[] values = new double[columns.length];
          for (int c = 0; c < columns.length; c++) {
            values[c] = row.number(columns[c]); // an empty cell (null) is NaN
          }
          out.add(values);
        }
      }
    } catch (RuntimeException e) {
      log.warn("pool {}: cannot read its history from InfluxDB, starting without it: {}", pool,
          e.toString());
    }
    out.sort(java.util.Comparator.comparingDouble(row -> row[0]));
    return out;
  }

  /**
   * The pool's hosts as they stood at {@code upTo} (its last closed window): each host with a 10 s
   * {@code host_rollup} in the horizon before, and the end of its last one. Empty if InfluxDB
   * cannot be read.
   */
  private java.util.Optional<Map<String, Instant>> readMembers(String pool, Instant upTo) {
    long to = upTo.toEpochMilli() * 1_000_000L;
    long from = upTo.minus(config.membershipHorizon()).toEpochMilli() * 1_000_000L;
    String influxql = "SELECT last(samples) AS samples FROM " + Measurements.HOST_ROLLUP
        + " WHERE pool = '" + escape(pool) + "' AND \"window\" = '10s' AND time > " + from
        + " AND time <= " + to + " GROUP BY \"host\"";
    Map<String, Instant> out = new HashMap<>();
    try {
      for (var series : InfluxQl.query(influx.client(), config.influx().bucket(), influxql)) {
        String host = series.tags().get("host");
        for (var row : series.rows()) {
          double nanos = row.number("time");
          if (host != null && !Double.isNaN(nanos)) {
            out.merge(host, Instant.ofEpochMilli((long) nanos / 1_000_000),
                (a, b) -> a.isAfter(b) ? a : b);
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("pool {}: cannot read its hosts from InfluxDB, watching it for {} before deciding:"
          + " {}", pool, config.membershipHorizon(), e.toString());
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(out);
  }

  /** Decisions of the pool within the autoscaler's memory before {@code upTo}, oldest first. */
  private List<double[]> readDecisions(String pool, Instant upTo) {
    long to = upTo.toEpochMilli() * 1_000_000L;
    long from = upTo.minus(new dev.fleetscale.optimizer.autoscale.PoolAutoscaler(pool,
        config.scaling()).memory()).toEpochMilli() * 1_000_000L;
    return query("SELECT current_replicas, raw_recommendation, desired_replicas FROM "
        + Measurements.AUTOSCALE + " WHERE pool = '" + escape(pool) + "' AND time > " + from
        + " AND time <= " + to, pool, "time", "current_replicas", "raw_recommendation",
        "desired_replicas").stream()
        .filter(row -> java.util.Arrays.stream(row).noneMatch(Double::isNaN))
        .toList();
  }

  private Future<Void> handle(KafkaConsumerRecords<String, byte[]> batch) {
    List<Point> points = new ArrayList<>();
    List<FleetEvent> events = new ArrayList<>();
    List<ProducerRecord<String, byte[]>> deadLetters = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ConsumerRecord<String, byte[]> record = batch.recordAt(i).record();
      nextOffset.put(record.partition(), record.offset() + 1);
      if (record.headers().lastHeader(StageWatermark.HEADER) != null) {
        StageWatermark watermark;
        try {
          watermark = Json.mapper().readValue(record.value(), StageWatermark.class);
        } catch (IOException | RuntimeException e) {
          log.warn("ignoring unreadable watermark at {}@{}: {}", record.partition(),
              record.offset(), e.toString());
          continue;
        }
        advance(record.partition(), watermark, points, events);
        continue;
      }
      HostWindowSummary summary;
      try {
        summary = Json.mapper().readValue(record.value(), HostWindowSummary.class);
      } catch (IOException | RuntimeException e) {
        deadLetters.add(DeadLetters.toProducerRecord(record,
            "not a host window summary: " + e.getMessage(), CONSUMER_NAME, Instant.now(),
            EventPublisher.SOURCE));
        continue;
      }
      PoolTrack track = pools.computeIfAbsent(summary.pool(), pool -> new PoolTrack(pool,
          record.partition(), restored.getOrDefault(record.partition(), Map.of()).get(pool)));
      if (track.closedUpTo == null || summary.windowEnd().isAfter(track.closedUpTo)) {
        track.firstOffsetOfOpen.merge(summary.windowEnd(), record.offset(), Math::min);
      }
      track.windows.add(summary, window -> onWindow(track, window, points, events));
      if (track.closedUpTo != null) {
        track.firstOffsetOfOpen.headMap(track.closedUpTo, true).clear();
      }
    }
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(deadLetters);
    for (FleetEvent e : events) {
      records.add(EventRecords.toProducerRecord(e, EventPublisher.SOURCE));
    }
    Map<org.apache.kafka.common.TopicPartition,
        org.apache.kafka.clients.consumer.OffsetAndMetadata> commits = new HashMap<>();
    commitPositions().forEach((tp, o) -> commits.put(
        new org.apache.kafka.common.TopicPartition(tp.getTopic(), tp.getPartition()),
        new org.apache.kafka.clients.consumer.OffsetAndMetadata(o.getOffset(), o.getMetadata())));
    // Read between polls, on the event loop that owns the consumer: no poll is in flight.
    var group = client.groupMetadata();
    return influx.write(points)
        .compose(v -> transactions.publishAndCommit(records, commits, group))
        .onSuccess(v -> {
          long now = System.currentTimeMillis();
          for (FleetEvent e : events) {
            decisions.increment();
            board.decision(e, e.partitionKey());
            latency.record(Math.max(0, now - e.eventTime().toEpochMilli()), TimeUnit.MILLISECONDS);
          }
        })
        .mapEmpty();
  }

  private void onWindow(PoolTrack track, PoolWindow window, List<Point> points,
      List<FleetEvent> events) {
    points.add(Measurements.poolWindow(window));
    if (window.size() == WindowSize.S10) {
      track.closedUpTo = window.end();
      board.window(window);
      reports.latest(window.pool()).ifPresent(track.decider::actuatorReport);
      for (FleetEvent e : track.decider.onWindow(window)) {
        events.add(e);
        points.addAll(points(e));
      }
    }
  }

  /** Applies a host stage's watermark; closes the windows every upstream partition is past. */
  private void advance(int partition, StageWatermark watermark, List<Point> points,
      List<FleetEvent> events) {
    Map<Integer, Instant> sources = upstream.computeIfAbsent(partition, p -> new HashMap<>());
    sources.merge(watermark.sourcePartition(), watermark.closedUpTo(),
        (a, b) -> a.isAfter(b) ? a : b);
    if (sources.size() < watermark.sourcePartitions()) {
      return; // some telemetry partition has not reported yet: nothing is known to be complete
    }
    Instant min = sources.values().stream().min(Instant::compareTo).orElseThrow();
    pools.values().stream()
        .filter(t -> t.partition == partition)
        .sorted(java.util.Comparator.comparing(t -> t.windows.pool()))
        .forEach(t -> {
          t.windows.advance(min, w -> onWindow(t, w, points, events));
          if (t.closedUpTo != null) {
            t.firstOffsetOfOpen.headMap(t.closedUpTo, true).clear();
          }
        });
  }

  private static List<Point> points(FleetEvent e) {
    if (e instanceof AutoscaleDecision d) {
      return List.of(Measurements.autoscale(d));
    }
    if (e instanceof RebalancePlan p) {
      return Measurements.rebalance(p);
    }
    if (e instanceof CapacityDemand c) {
      return List.of(Measurements.capacityDemand(c));
    }
    return List.of();
  }

  /**
   * Per partition: the first offset of any open pool window (else the next offset), with each
   * pool's last closed window end in the metadata ("pool=epochMillis" joined by '\n').
   */
  private Map<TopicPartition, OffsetAndMetadata> commitPositions() {
    Map<Integer, Long> positions = new HashMap<>(nextOffset);
    Map<Integer, StringBuilder> metadata = new HashMap<>();
    pools.forEach((pool, t) -> {
      if (!t.firstOffsetOfOpen.isEmpty()) {
        long first = t.firstOffsetOfOpen.values().stream().mapToLong(Long::longValue).min()
            .orElseThrow();
        positions.merge(t.partition, first, Math::min);
      }
      if (t.closedUpTo != null) {
        metadata.computeIfAbsent(t.partition, k -> new StringBuilder())
            .append(pool).append('=').append(t.closedUpTo.toEpochMilli()).append('\n');
      }
    });
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    positions.forEach((p, o) -> out.put(new TopicPartition(config.poolSummariesTopic(), p),
        new OffsetAndMetadata(o, metadata.getOrDefault(p, new StringBuilder()).toString())));
    return out;
  }

  static Map<String, Instant> parseClosed(String metadata) {
    Map<String, Instant> out = new HashMap<>();
    if (metadata == null || metadata.isBlank()) {
      return out;
    }
    for (String line : metadata.split("\n")) {
      int eq = line.lastIndexOf('=');
      if (eq > 0) {
        try {
          out.put(line.substring(0, eq), Instant.ofEpochMilli(Long.parseLong(line.substring(eq
              + 1))));
        } catch (NumberFormatException e) {
          log.warn("ignoring unreadable commit metadata line '{}'", line);
        }
      }
    }
    return out;
  }
}
