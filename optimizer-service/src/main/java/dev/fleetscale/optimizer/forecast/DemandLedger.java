package dev.fleetscale.optimizer.forecast;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers the last demand raised per pool and resource, so that the same shortfall is not raised
 * twice and a changed one supersedes the old one. "The same" means: the needed-by date within
 * {@code dateSlackDays} and the shortfall within {@code relativeSlack} of the last one raised. Not
 * thread-safe: owned by the pool's thread.
 */
public final class DemandLedger {

  private record Key(String pool, CapacityResource resource) {}

  private final Map<Key, CapacityDemand> raised = new HashMap<>();
  private final double relativeSlack;
  private final long dateSlackDays;

  public DemandLedger(double relativeSlack, long dateSlackDays) {
    this.relativeSlack = relativeSlack;
    this.dateSlackDays = dateSlackDays;
  }

  /**
   * Decides what to publish for a candidate demand.
   *
   * @return the demand to publish (with {@code supersedes} set if it replaces one), or empty if
   *     it repeats the last one raised
   */
  public Optional<CapacityDemand> admit(CapacityDemand candidate) {
    Key key = new Key(candidate.pool(), candidate.resource());
    CapacityDemand last = raised.get(key);
    if (last != null && same(last, candidate)) {
      return Optional.empty();
    }
    CapacityDemand out = last == null || last.demandId().equals(candidate.demandId())
        ? candidate
        : new CapacityDemand(candidate.demandId(), candidate.pool(), candidate.resource(),
            candidate.forecastPeak(), candidate.predictionLow(), candidate.predictionHigh(),
            candidate.capacity(), candidate.targetUtilization(), candidate.shortfall(),
            candidate.neededBy(), candidate.raisedAt(), candidate.evidence(), last.demandId());
    raised.put(key, out);
    return Optional.of(out);
  }

  /** Restores a demand raised before a restart (read back from the topic or InfluxDB). */
  public void remember(CapacityDemand demand) {
    raised.put(new Key(demand.pool(), demand.resource()), demand);
  }

  private boolean same(CapacityDemand a, CapacityDemand b) {
    long days = Math.abs(ChronoUnit.DAYS.between(a.neededBy(), b.neededBy()));
    double scale = Math.max(Math.abs(a.shortfall()), 1e-9);
    return days <= dateSlackDays && Math.abs(a.shortfall() - b.shortfall()) / scale
        <= relativeSlack;
  }
}
