package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.Topics;
import io.micronaut.configuration.kafka.ConsumerRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.reactivestreams.Publisher;

/**
 * {@code /health} entry {@value #NAME}: DOWN when the demand listener has stopped consuming, i.e.
 * its consumer is gone or closed (its poll loop ended), or it has not polled for longer than its
 * {@code max.poll.interval.ms} (a record handler is stuck; the group has evicted it). A listener
 * that is backing off from InfluxDB or the broker still polls and is UP; the details say it is
 * retrying and why.
 *
 * <p>The poll age is the consumer's own {@code consumer-metrics} {@code last-poll-seconds-ago}
 * metric (whole seconds), read without touching the consumer's thread.
 */
@Singleton
@Requires(beans = DemandConsumer.class)
public class DemandConsumerHealthIndicator implements HealthIndicator {

  static final String NAME = "demand-consumer";
  private static final String LAST_POLL = "last-poll-seconds-ago";
  private static final String GROUP = "consumer-metrics";

  private final ConsumerRegistry registry;
  private final DemandConsumer consumer;
  private final ProposalService service;
  private final Duration maxPollInterval;
  private final Clock clock;
  private final Instant started;

  public DemandConsumerHealthIndicator(ConsumerRegistry registry, DemandConsumer consumer,
      ProposalService service, KafkaClients clients, Clock clock) {
    this.registry = registry;
    this.consumer = consumer;
    this.service = service;
    this.maxPollInterval = clients.listenerMaxPollInterval();
    this.clock = clock;
    this.started = clock.instant();
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Publishers.just(check());
  }

  HealthResult check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("topic", Topics.CAPACITY_DEMAND);
    details.put("max_poll_interval_s", maxPollInterval.toSeconds());
    details.put("records_handled", consumer.processed());
    DemandConsumer.Failure failure = consumer.failure();
    details.put("retrying", failure != null && failure.retriable()
        || service.hasPendingDemand());
    if (failure != null) {
      details.put("last_failure", Map.of("at", failure.at().toString(), "where", failure.where(),
          "error", failure.error()));
    }
    Optional<Consumer<?, ?>> kafka = kafkaConsumer();
    if (kafka.isEmpty()) {
      return down(details, "the listener's consumer is not registered");
    }
    Optional<Double> lastPoll = lastPollSecondsAgo(kafka.get());
    if (lastPoll.isEmpty()) {
      return down(details, "the listener's consumer is closed: its poll loop has ended");
    }
    double seconds = lastPoll.get();
    if (seconds < 0) {
      // Not polled yet: starting, unless it has been starting for longer than a poll may take.
      Duration since = Duration.between(started, clock.instant());
      return since.compareTo(maxPollInterval) > 0
          ? down(details, "the listener has not polled since the start " + since.toSeconds()
              + " s ago")
          : up(details);
    }
    details.put("last_poll_s_ago", (long) seconds);
    try {
      details.put("assignment", registry.getConsumerAssignment(DemandConsumer.CLIENT_ID)
          .stream().map(Object::toString).sorted().toList());
    } catch (IllegalArgumentException e) {
      details.put("assignment", List.of());
    }
    if (seconds > maxPollInterval.toSeconds()) {
      return down(details, "the listener has not polled for " + (long) seconds
          + " s, longer than max.poll.interval.ms (" + maxPollInterval.toSeconds()
          + " s): a record handler is stuck and the group has evicted the consumer");
    }
    return up(details);
  }

  private Optional<Consumer<?, ?>> kafkaConsumer() {
    try {
      return Optional.of(registry.getConsumer(DemandConsumer.CLIENT_ID));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Empty once the consumer is closed (closing removes its metrics). */
  private static Optional<Double> lastPollSecondsAgo(Consumer<?, ?> kafka) {
    for (Map.Entry<MetricName, ? extends Metric> e : kafka.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (LAST_POLL.equals(name.name()) && GROUP.equals(name.group())
          && e.getValue().metricValue() instanceof Number n) {
        return Optional.of(n.doubleValue());
      }
    }
    return Optional.empty();
  }

  private static HealthResult up(Map<String, Object> details) {
    return HealthResult.builder(NAME, HealthStatus.UP).details(details).build();
  }

  private static HealthResult down(Map<String, Object> details, String why) {
    details.put("reason", why);
    return HealthResult.builder(NAME, HealthStatus.DOWN).details(details).build();
  }
}
