package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.kafka.DeadLetters;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import io.micronaut.configuration.kafka.retry.ConditionalRetryBehaviourHandler;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code fleet.capacity-demand.v1} through micronaut-kafka and hands each demand to {@link
 * ProposalService}. What happens to a record:
 *
 * <ul>
 *   <li>a valid demand: answered; its offset is committed after its proposal is stored and
 *       published (at least once; {@link ProposalService#onDemand} absorbs the redelivery);
 *   <li>poison (it does not decode, its {@code ce_type} header is missing or empty, or handling
 *       it fails in a way a retry cannot fix): sent to {@code fleet.deadletter.v1} with the
 *       reason, through contracts' {@link DeadLetters}, then committed;
 *   <li>another event type: skipped; the first record of each type is logged, all are counted;
 *   <li>a {@link Retriable} failure (InfluxDB or the broker unreachable): the framework's error
 *       strategy seeks back to the record, pauses the partition for the retry delay while it
 *       keeps polling (so the consumer stays in its group), and tries the same record again,
 *       without limit. Nothing after it on the partition is handled first.
 * </ul>
 *
 * The retry decision is {@link #conditionalRetryBehaviour} (exception types, see {@link
 * Retriable}); every failure is also reported to {@link #handle} for the log and {@link
 * #failure()}. {@link DemandConsumerHealthIndicator} reports whether the loop still polls.
 */
@KafkaListener(
    groupId = "${fleetscale.kafka.group-id:procurement-service}",
    clientId = DemandConsumer.CLIENT_ID,
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
    pollTimeout = "500ms",
    errorStrategy = @ErrorStrategy(
        value = ErrorStrategyValue.RETRY_CONDITIONALLY_ON_ERROR,
        retryDelay = "${fleetscale.kafka.retry-delay:2s}",
        retryCount = Integer.MAX_VALUE,
        handleAllExceptions = true))
@Requires(property = "fleetscale.kafka.enabled", notEquals = "false")
public class DemandConsumer
    implements ConditionalRetryBehaviourHandler, KafkaListenerExceptionHandler {

  /** The consumer's client id, also its id in micronaut-kafka's {@code ConsumerRegistry}. */
  public static final String CLIENT_ID = "procurement-service-demands";
  /** Who gave up, in the dead letters. */
  static final String CONSUMER_NAME = "procurement-service/capacity-demand";
  private static final Logger LOG = LoggerFactory.getLogger(DemandConsumer.class);

  private final ProposalService service;
  private final KafkaProposalPublisher publisher;
  private final Clock clock;
  private final AtomicLong processed = new AtomicLong();
  private final Counter deadLettered;
  private final Counter duplicates;
  private final Counter skipped;
  private final Set<String> skippedTypes = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private static final Duration RETRY_LOG_EVERY = Duration.ofMinutes(1);
  // Touched by the listener's thread only.
  private Instant retryingSince = Instant.EPOCH;
  private Instant lastRetryLog = Instant.EPOCH;

  public DemandConsumer(ProposalService service, KafkaProposalPublisher publisher, Clock clock,
      MeterRegistry registry) {
    this.service = service;
    this.publisher = publisher;
    this.clock = clock;
    this.deadLettered = Counter.builder("fleetscale_procurement_demands_deadlettered")
        .description("capacity demand records that were poison and went to the dead-letter topic")
        .register(registry);
    this.duplicates = Counter.builder("fleetscale_procurement_demands_duplicate")
        .description("capacity demands already answered (redelivery or replay)")
        .register(registry);
    this.skipped = Counter.builder("fleetscale_procurement_demands_skipped")
        .description("records of another event type on the capacity-demand topic, skipped")
        .register(registry);
  }

  /**
   * One record. Throws only what a retry may fix (or what the dead-letter send itself threw);
   * poison is dead-lettered here, so that a dead letter that cannot be sent is retried, not lost.
   */
  @Topic(Topics.CAPACITY_DEMAND)
  void receive(ConsumerRecord<String, byte[]> record) {
    Decoded<CapacityDemand> decoded = EventRecords.decode(record, EventType.CAPACITY_DEMAND);
    // Java 17: no pattern switch; the three cases of the sealed type, in turn.
    if (decoded instanceof Decoded.Event<CapacityDemand> e) {
      answer(record, e.event());
    } else if (decoded instanceof Decoded.Unknown<CapacityDemand> u) {
      // A missing or empty ce_type is Invalid already (contracts' EventRecords): only a type
      // this version does not know reaches here.
      skip(record, u.ceType());
    } else if (decoded instanceof Decoded.Invalid<CapacityDemand> i) {
      deadLetter(record, i.reason());
    }
    processed.incrementAndGet();
    failure.set(null);
  }

  private void answer(ConsumerRecord<String, byte[]> record, CapacityDemand demand) {
    DemandOutcome outcome;
    try {
      outcome = service.onDemand(demand);
    } catch (RuntimeException e) {
      if (Retriable.isRetriable(e)) {
        throw e;
      }
      deadLetter(record, "cannot handle demand " + demand.demandId() + ": " + e);
      return;
    }
    if (outcome.kind() == DemandOutcome.Kind.DUPLICATE) {
      duplicates.increment();
    } else if (outcome.kind() == DemandOutcome.Kind.REJECTED) {
      // A demand that decodes but cannot be planned for (e.g. needed_by already past) is kept,
      // with the reason, where an operator looks for what was refused.
      deadLetter(record, "demand " + demand.demandId() + " refused: " + outcome.reason());
    }
  }

  private void skip(ConsumerRecord<String, byte[]> record, String ceType) {
    skipped.increment();
    if (skippedTypes.add(ceType)) {
      LOG.info("skipping records of event type {} on {} (first at {}-{}@{}); later ones are "
              + "only counted in fleetscale_procurement_demands_skipped", ceType, record.topic(),
          record.topic(), record.partition(), record.offset());
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    LOG.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
        reason);
    publisher.send(DeadLetters.toProducerRecord(record, reason, CONSUMER_NAME, clock.instant(),
        publisher.source()));
    deadLettered.increment();
  }

  /** The error strategy's question: retry this record, or give up on it? */
  @Override
  public ConditionalRetryBehaviour conditionalRetryBehaviour(KafkaListenerException exception) {
    return Retriable.isRetriable(exception.getCause() == null ? exception : exception.getCause())
        ? ConditionalRetryBehaviour.RETRY : ConditionalRetryBehaviour.SKIP;
  }

  /**
   * Every failure the framework sees: each failed attempt at a record (the strategy retries it
   * afterwards, or has skipped it), and poll or commit failures.
   */
  @Override
  public void handle(KafkaListenerException exception) {
    Throwable cause = exception.getCause() == null ? exception : exception.getCause();
    Optional<ConsumerRecord<?, ?>> record = exception.getConsumerRecord();
    String where = record.map(r -> r.topic() + "-" + r.partition() + "@" + r.offset())
        .orElse("the consumer");
    boolean retriable = Retriable.isRetriable(cause);
    Instant now = clock.instant();
    Failure previous = failure.getAndSet(new Failure(now, where, cause.toString(), retriable));
    if (cause instanceof CommitFailedException) {
      LOG.warn("offset commit at {} failed: the consumer had left its group (a record took longer "
          + "than max.poll.interval.ms); it rejoins, and the records since the last commit come "
          + "again and are recognised as duplicates", where);
    } else if (record.isEmpty()) {
      LOG.warn("demand consumer: {}", cause.toString());
    } else if (retriable) {
      // One line at the first failure of a record, then one a minute while it keeps failing.
      boolean again = previous != null && previous.retriable() && previous.where().equals(where);
      if (!again) {
        retryingSince = now;
        lastRetryLog = now;
        LOG.warn("cannot handle {} yet, retrying every retry delay: {}", where, cause.toString());
      } else if (Duration.between(lastRetryLog, now).compareTo(RETRY_LOG_EVERY) >= 0) {
        lastRetryLog = now;
        LOG.warn("still cannot handle {} after {} s, retrying: {}", where,
            Duration.between(retryingSince, now).toSeconds(), cause.toString());
      } else {
        LOG.debug("cannot handle {} yet: {}", where, cause.toString());
      }
    } else {
      // Poison is dead-lettered in receive(); this is a dead letter that could not be sent for
      // a reason a retry cannot fix (record too large, say): the record is given up.
      LOG.error("giving up on {}: {}; record headers {}", where, cause.toString(),
          headers(record.get()), cause);
    }
  }

  private static String headers(ConsumerRecord<?, ?> record) {
    StringBuilder out = new StringBuilder("{");
    for (Header h : record.headers()) {
      out.append(out.length() > 1 ? ", " : "").append(h.key()).append('=')
          .append(h.value() == null ? "null" : new String(h.value(), StandardCharsets.UTF_8));
    }
    return out.append('}').toString();
  }

  /** Records handled since start (answered, duplicate, dead-lettered or skipped). */
  public long processed() {
    return processed.get();
  }

  /** The last failure, cleared when a record is handled; null when the last attempt succeeded. */
  @Nullable
  public Failure failure() {
    return failure.get();
  }

  /**
   * A failed attempt.
   *
   * @param at when
   * @param where {@code topic-partition@offset}, or "the consumer" for a poll or commit failure
   * @param error the exception, as {@code Throwable.toString()}
   * @param retriable whether the record is being retried
   */
  public record Failure(Instant at, String where, String error, boolean retriable) {}
}
