package dev.fleetscale.gateway.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Fans the stream's events out to every subscriber. Each subscriber has a bounded buffer (a
 * Reactor unicast sink on a bounded queue): Netty asks for the next event only once the last one
 * is written to the socket, so a client that stops reading leaves its events in that buffer, and
 * when it is full the subscriber is dropped (its connection closed, counted in
 * {@code fleetscale_gateway_stream_dropped_total}) instead of holding memory or slowing the
 * others. The latest pool summary of each pool is kept and sent first to a new subscriber, so a
 * console has every pool at once rather than after the next decision.
 */
@Singleton
public class StreamHub {

  private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

  private final StreamSettings settings;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final Map<String, StreamEvent> latestPools = new ConcurrentHashMap<>();
  private final Counter published;
  private final Counter dropped;
  private final Clock clock = Clock.systemUTC();

  public StreamHub(StreamSettings settings, MeterRegistry registry) {
    this.settings = settings;
    Gauge.builder("fleetscale.gateway.stream.subscribers", subscribers, Set::size)
        .description("Clients reading /api/v1/stream").register(registry);
    this.published = Counter.builder("fleetscale.gateway.stream.events")
        .description("Events sent to the stream's subscribers (pings excluded)").register(registry);
    this.dropped = Counter.builder("fleetscale.gateway.stream.dropped")
        .description("Subscribers dropped because they fell a whole buffer behind")
        .register(registry);
  }

  /** One subscriber's events, starting with the latest summary of every pool. */
  public Flux<StreamEvent> subscribe(String principal) {
    Sinks.Many<StreamEvent> sink = Sinks.many().unicast()
        .onBackpressureBuffer(Queues.<StreamEvent>get(settings.buffer()).get());
    Sinks.Empty<Void> drop = Sinks.empty();
    Subscriber s = new Subscriber(principal, sink, drop);
    synchronized (this) {
      latestPools.values().forEach(sink::tryEmitNext);
      subscribers.add(s);
    }
    // The drop signal errors the stream at once, without waiting for the client to read what is
    // buffered: the server then closes the connection and the buffer is released.
    return Flux.merge(sink.asFlux(),
            drop.asMono().then(Mono.<StreamEvent>error(
                new SlowSubscriberException(principal, settings.buffer()))))
        .doFinally(signal -> subscribers.remove(s));
  }

  /**
   * Sends {@code event} to every subscriber; drops those whose buffer is full. Serialised: the
   * Kafka listener and the heartbeat publish from different threads, and a unicast sink takes one
   * emitter at a time.
   */
  public synchronized void publish(StreamEvent event) {
    if (!StreamEvent.PING.equals(event.name())) {
      published.increment();
    }
    for (Subscriber s : subscribers) {
      Sinks.EmitResult result = s.sink().tryEmitNext(event);
      if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
        subscribers.remove(s);
        dropped.increment();
        LOG.info("dropping stream subscriber {}: {} events behind", s.principal(),
            settings.buffer());
        s.drop().tryEmitEmpty();
      }
    }
  }

  /** Sends a pool summary, and keeps it as {@code pool}'s latest for new subscribers. */
  public synchronized void publishPool(String pool, StreamEvent summary) {
    latestPools.put(pool, summary);
    publish(summary);
  }

  /** A ping to every subscriber, so that idle connections stay open and stalled ones are found. */
  @Scheduled(fixedDelay = "${fleetscale.gateway.stream.heartbeat:15s}")
  void heartbeat() {
    publish(new StreamEvent(StreamEvent.PING, "", "{\"at\":\"" + clock.instant() + "\"}"));
  }

  /** Subscribers now. */
  public int subscribers() {
    return subscribers.size();
  }

  /** The principals of the subscribers now (for tests and the log). */
  public List<String> principals() {
    return subscribers.stream().map(Subscriber::principal).toList();
  }

  /** Subscribers dropped since start. */
  public long dropped() {
    return (long) dropped.count();
  }

  private record Subscriber(String principal, Sinks.Many<StreamEvent> sink, Sinks.Empty<Void> drop) {}
}
