package dev.fleetscale.agent.publish;

import dev.fleetscale.agent.ops.AgentMetrics;
import dev.fleetscale.agent.spool.SpoolEntry;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.DecodeException;
import dev.fleetscale.contracts.telemetry.HostSample;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the spool's samples to Kafka, oldest first, one at a time: the next sample leaves only
 * after Kafka acknowledged the previous one, so samples arrive in sequence order even across
 * outages, and a sample is removed from the spool only once it is in Kafka.
 *
 * <p>A failed send (broker down, delivery timeout) leaves the sample at the head of the spool and
 * is retried after a pause; meanwhile the sampler keeps appending behind it. A sample Kafka can
 * never take (larger than the broker's limit) is dropped and counted rather than blocking every
 * later one. Deploy as a worker verticle: reading the spool is disk I/O.
 */
public final class PublisherVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(PublisherVerticle.class);

  private final SampleOutbox outbox;
  private final Map<String, Object> producerConfig;
  private final URI source;
  private final AgentMetrics metrics;
  private final KafkaLink link;
  private final long retryDelayMs;
  private KafkaWriteStream<String, byte[]> producer;
  private boolean inFlight;
  private boolean stopping;
  private long retryTimer = -1;

  /**
   * @param producerConfig from {@link ProducerSettings#of}
   * @param source CloudEvents source of every record
   * @param retryDelayMs pause after a failed send before the next attempt
   */
  public PublisherVerticle(
      SampleOutbox outbox,
      Map<String, Object> producerConfig,
      URI source,
      AgentMetrics metrics,
      KafkaLink link,
      long retryDelayMs) {
    this.outbox = outbox;
    this.producerConfig = Map.copyOf(producerConfig);
    this.source = source;
    this.metrics = metrics;
    this.link = link;
    this.retryDelayMs = retryDelayMs;
  }

  @Override
  public Future<?> start() {
    // Constructing a KafkaProducer loads classes and parses configuration: seconds on a busy
    // host, so it happens off the event loop.
    return vertx.executeBlocking(() -> KafkaWriteStream.<String, byte[]>create(vertx, producerConfig))
        .onSuccess(created -> {
          producer = created;
          // Each send's future carries its own failure, handled in failed(); this only keeps the
          // stream from logging the same failure again as "unhandled".
          producer.exceptionHandler(e -> {});
          outbox.onSpooled(() -> context.runOnContext(v -> pump()));
          context.runOnContext(v -> pump());
        })
        .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    outbox.onSpooled(() -> {});
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    // What is still in flight stays in the spool and is sent by the next start.
    return producer.close(2_000);
  }

  private void pump() {
    if (inFlight || stopping) {
      return;
    }
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
    Optional<SpoolEntry> head = outbox.spool().peek();
    if (head.isEmpty()) {
      return;
    }
    long sequence = head.get().sequence();
    ProducerRecord<String, byte[]> record;
    try {
      // The spool holds the encoded sample: send those bytes rather than encoding it again.
      record = EventRecords.toProducerRecord(sample(head.get()), head.get().payload(), source);
    } catch (DecodeException e) {
      // Only a damaged spool (or a spool from an incompatible agent) gets here: skip, say so.
      metrics.corrupt();
      log.error("spooled sample {} cannot be decoded and is skipped: {}", sequence, e.getMessage());
      outbox.spool().ack(sequence);
      context.runOnContext(v -> pump());
      return;
    }
    inFlight = true;
    link.sending(sequence);
    producer
        .send(record)
        .onComplete(
            ar -> {
              inFlight = false;
              if (ar.succeeded()) {
                outbox.spool().ack(sequence);
                metrics.published();
                if (link.state() != KafkaLink.State.CONNECTED) {
                  log.info("Kafka acknowledged sample {}; {} sample(s) waiting in the spool",
                      sequence, outbox.spool().depth());
                }
                link.acknowledged();
                pump();
              } else {
                failed(sequence, ar.cause());
              }
            });
  }

  private void failed(long sequence, Throwable cause) {
    metrics.sendFailed();
    if (cause instanceof RecordTooLargeException) {
      log.error("sample {} is larger than Kafka accepts and is dropped: {}", sequence, cause.getMessage());
      metrics.dropped(1);
      outbox.spool().ack(sequence);
      pump();
      return;
    }
    Throwable refusal = refusal(cause);
    if (refusal != null) {
      // Wrong credentials, an untrusted or expired certificate, or a missing ACL: one clear line
      // per change, /health DOWN with the cause; the samples stay spooled and are retried, so a
      // fixed credential (restart with the new file) or a granted ACL delivers them all.
      if (link.state() != KafkaLink.State.REFUSED) {
        log.error("Kafka refused the agent ({}): {}; fix the agent's Kafka credentials or ACLs,"
            + " samples wait in the spool and are retried", refusal.getClass().getSimpleName(),
            refusal.getMessage());
      }
      link.refused(refusal.getClass().getSimpleName() + ": " + refusal.getMessage());
    } else {
      if (link.state() != KafkaLink.State.DISCONNECTED) {
        log.warn("cannot send to Kafka, samples wait in the spool and are retried: {}", cause.toString());
      }
      link.failed(cause.toString());
    }
    if (!stopping) {
      retryTimer = vertx.setTimer(retryDelayMs, t -> {
        retryTimer = -1;
        pump();
      });
    }
  }

  /**
   * The authentication (SASL, TLS handshake) or authorization (ACL) failure in {@code cause}'s
   * chain, or null when the failure is of another kind (an outage, a timeout).
   */
  static Throwable refusal(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
        return t;
      }
    }
    return null;
  }

  private HostSample sample(SpoolEntry entry) throws DecodeException {
    Optional<HostSample> recent = outbox.recent(entry.sequence());
    return recent.isPresent() ? recent.get() : outbox.codec().decode(entry.payload());
  }
}
