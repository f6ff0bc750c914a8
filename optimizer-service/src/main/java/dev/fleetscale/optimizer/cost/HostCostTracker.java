package dev.fleetscale.optimizer.cost;

import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One host's open 1 h cost window. A sample covers (timestamp − interval, timestamp]; the part
 * of it before the window it ends in goes to the previous window, which then closes, so a GPU's
 * hours per window are exact, not a sample's interval more or less. Energy per interval is the
 * NVML energy counter's increase since the host's previous sample (a counter that went backwards,
 * after a driver reload, or a gap: board power × interval instead).
 *
 * <p>Like the rollups' windows (HostWindows), the first window after a start is dropped if it
 * may have begun before the replayed offsets, rather than overwriting the point written before
 * the restart with a part of it. A host that stops reporting has its window closed once the
 * stage's newest sample is {@link #STALE} past its end; if it reports again within that window,
 * the window is reopened and its point rewritten whole (same time, same tags).
 *
 * <p>Not thread-safe: owned by the host stage's event-loop thread.
 */
public final class HostCostTracker {

  /** The window length. */
  public static final Duration WINDOW = Duration.ofHours(1);
  /** How far past a window's end the stage must be before a silent host's window closes. */
  public static final Duration STALE = Duration.ofSeconds(60);

  private final RateBook rates;
  private HostCostWindow open;
  private boolean emitted;
  private Instant last;
  private final Map<String, Long> lastEnergy = new HashMap<>();

  public HostCostTracker(RateBook rates) {
    this.rates = rates;
  }

  /** Adds a sample (in order, duplicates already dropped); closed windows' rows go to sink. */
  public void add(HostSample sample, Consumer<List<CostRow>> sink) {
    Instant t = sample.timestamp();
    long interval = Math.max(1, sample.intervalMs());
    Instant from = t.minusMillis(interval);
    boolean contiguous = last != null && !from.isAfter(last.plusMillis(interval / 2));
    if (last != null && contiguous && from.isBefore(last)) {
      from = last; // overlapping intervals: count the overlap once
    }
    long[] energy = energies(sample, contiguous, t.toEpochMilli() - from.toEpochMilli());
    Instant end = endOf(t.minusMillis(1));
    Instant start = end.minus(WINDOW);
    long total = t.toEpochMilli() - from.toEpochMilli();
    // The part of the sample before this window's start belongs to the window before.
    long before = Math.max(0, Math.min(start.toEpochMilli() - from.toEpochMilli(), total));
    long[] energyBefore = part(energy, before, total);
    for (int i = 0; i < energy.length; i++) {
      energy[i] -= energyBefore[i];
    }
    if (open != null && open.end.isBefore(end)) {
      if (open.end.equals(start) && before > 0) {
        open.add(before, sample.gpus(), energyBefore, sample.disks().size());
        before = 0;
      }
      close(sink);
    }
    if (before > 0 && last != null) {
      // Back from a silence across the boundary: the part before it is the only thing the host
      // reported in the window before, which therefore never opened.
      HostCostWindow previous = new HostCostWindow(sample.cluster(), sample.pool(),
          sample.hostId(), start.minus(WINDOW), start, true);
      previous.add(before, sample.gpus(), energyBefore, sample.disks().size());
      open = previous;
      close(sink);
    }
    if (open != null && open.end.equals(end) && emitted) {
      emitted = false; // back within a window closed as stale: rewrite it whole at its end
    }
    if (open == null) {
      // Complete only if this sample begins the window, or follows a sample seen before it.
      boolean complete = last != null || !from.isAfter(start);
      open = new HostCostWindow(sample.cluster(), sample.pool(), sample.hostId(), start, end,
          complete);
      emitted = false;
    }
    Instant counted = from.isBefore(start) ? start : from;
    open.add(t.toEpochMilli() - counted.toEpochMilli(), sample.gpus(), energy,
        sample.disks().size());
    last = t;
  }

  /** Closes the window of a host that went silent, once {@code newest} is {@link #STALE} past it. */
  public void closeIfStale(Instant newest, Consumer<List<CostRow>> sink) {
    if (open != null && !emitted && newest != null
        && !newest.isBefore(open.end.plus(STALE))) {
      emit(sink);
      emitted = true;
    }
  }

  private void close(Consumer<List<CostRow>> sink) {
    if (!emitted) {
      emit(sink);
    }
    open = null;
    emitted = false;
  }

  private void emit(Consumer<List<CostRow>> sink) {
    if (open.complete) {
      sink.accept(CostAllocator.allocate(open, rates.ratesFor(open.pool, open.gpuName,
          open.gpuCount, open.disks)));
    }
  }

  /** Millijoules each GPU drew over the sample's {@code ms}. */
  private long[] energies(HostSample sample, boolean contiguous, long ms) {
    List<GpuSample> gpus = sample.gpus();
    long[] out = new long[gpus.size()];
    for (int i = 0; i < gpus.size(); i++) {
      GpuSample g = gpus.get(i);
      Long counter = g.totalEnergyMillijoules();
      Long previous = counter == null ? null : lastEnergy.put(g.uuid(), counter);
      if (counter != null && previous != null && contiguous && counter >= previous) {
        out[i] = counter - previous;
      } else if (g.powerUsageWatts() != null && g.powerUsageWatts() > 0) {
        out[i] = Math.round(g.powerUsageWatts() * ms); // W × ms = mJ
      }
    }
    return out;
  }

  private static long[] part(long[] energy, long ms, long total) {
    long[] out = new long[energy.length];
    for (int i = 0; i < energy.length; i++) {
      out[i] = Shares.split(energy[i], new long[] {ms, total - ms})[0];
    }
    return out;
  }

  static Instant endOf(Instant t) {
    long ms = WINDOW.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms + ms);
  }
}
