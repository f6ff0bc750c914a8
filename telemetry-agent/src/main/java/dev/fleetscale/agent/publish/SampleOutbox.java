package dev.fleetscale.agent.publish;

import dev.fleetscale.agent.ops.AgentMetrics;
import dev.fleetscale.agent.spool.Spool;
import dev.fleetscale.contracts.serde.EventCodec;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.contracts.telemetry.HostSample;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the sampler leaves each sample: encoded with the contracts codec, appended to the spool
 * (so it survives an outage and a restart), and the publisher is woken. Never waits for Kafka.
 *
 * <p>The last few samples are also kept as objects, so the publisher of a healthy agent does not
 * decode from disk what it just encoded. Thread-safe.
 */
public final class SampleOutbox {

  private static final Logger log = LoggerFactory.getLogger(SampleOutbox.class);
  private static final int RECENT = 8;

  private final Spool spool;
  private final AgentMetrics metrics;
  private final EventCodec<HostSample> codec = EventCodec.of(EventType.HOST_SAMPLE);
  private final Map<Long, HostSample> recent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, HostSample> eldest) {
          return size() > RECENT;
        }
      };
  private volatile Runnable wake = () -> {};
  private boolean appendFailing;

  public SampleOutbox(Spool spool, AgentMetrics metrics) {
    this.spool = spool;
    this.metrics = metrics;
  }

  /** The sequence number the next sample gets: one past everything spooled or sent before. */
  public long nextSequence() {
    return spool.lastSequence() + 1;
  }

  /** Sets what is called after each sample was spooled (the publisher's wake-up). */
  public void onSpooled(Runnable wake) {
    this.wake = wake;
  }

  /**
   * Spools a sample and wakes the publisher. A sample that cannot be written (disk full) is
   * counted as dropped and logged, and sampling carries on.
   */
  public void put(HostSample sample) {
    byte[] value = codec.encode(sample);
    synchronized (this) {
      try {
        spool.append(sample.sequence(), value);
        recent.put(sample.sequence(), sample);
        if (appendFailing) {
          appendFailing = false;
          log.info("spool writable again at sample {}", sample.sequence());
        }
      } catch (UncheckedIOException e) {
        metrics.dropped(1);
        if (!appendFailing) {
          appendFailing = true;
          log.error("cannot write to the spool, samples are being lost: {}", e.getMessage());
        }
        return;
      }
    }
    wake.run();
  }

  /** Whether the last append failed (for /health). */
  public synchronized boolean appendFailing() {
    return appendFailing;
  }

  /** The sample object for a spooled sequence, if it is among the last few taken. */
  synchronized Optional<HostSample> recent(long sequence) {
    return Optional.ofNullable(recent.get(sequence));
  }

  Spool spool() {
    return spool;
  }

  EventCodec<HostSample> codec() {
    return codec;
  }
}
