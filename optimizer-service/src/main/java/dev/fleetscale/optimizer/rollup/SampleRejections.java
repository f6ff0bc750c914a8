package dev.fleetscale.optimizer.rollup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts samples whose derived value is physically impossible and was therefore left out of the
 * capacity peaks ({@link HostResourceUse}, {@link dev.fleetscale.optimizer.forecast.DailyPeaks}):
 * {@code fleetscale_optimizer_samples_rejected_total{reason}}. A counter reset an agent took for a
 * wrap (an agent before the reset rule) arrives as an exabyte-per-second rate; this is where it
 * stops. Thread-safe (Micrometer counters are).
 */
public final class SampleRejections {

  /** Why a value was rejected; the metric's {@code reason} tag is the lower-case name. */
  public enum Reason {
    /** A rate or demand that is NaN or infinite. */
    NOT_FINITE,
    /** A rate or demand below zero. */
    NEGATIVE,
    /** A NIC's busier direction faster than its link speed. */
    NIC_ABOVE_LINK_SPEED,
    /**
     * A disk's read + write rate above {@value HostResourceUse#MAX_DISK_BYTES_PER_SECOND} bytes
     * per second, more than the widest link a block device sits on carries.
     */
    DISK_ABOVE_DEVICE_MAXIMUM,
    /** A pool's NIC demand above the sum of its link speeds. */
    DEMAND_ABOVE_CAPACITY;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The metric's name. */
  public static final String METRIC = "fleetscale_optimizer_samples_rejected_total";

  private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

  /** Rejections counted in {@code registry} (the same counters however often it is called). */
  public SampleRejections(MeterRegistry registry) {
    for (Reason reason : Reason.values()) {
      counters.put(reason, Counter.builder(METRIC)
          .description("Samples whose derived value is physically impossible, left out of peaks")
          .tag("reason", reason.tag())
          .register(registry));
    }
  }

  /** Rejections counted nowhere but here (tests, benchmarks). */
  public SampleRejections() {
    this(new SimpleMeterRegistry());
  }

  public void reject(Reason reason) {
    counters.get(reason).increment();
  }

  /** Rejections so far for {@code reason}. */
  public double count(Reason reason) {
    return counters.get(reason).count();
  }

  /** Rejections so far, every reason. */
  public double total() {
    return counters.values().stream().mapToDouble(Counter::count).sum();
  }
}
