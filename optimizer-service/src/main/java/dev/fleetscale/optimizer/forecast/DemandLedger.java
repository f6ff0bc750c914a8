package dev.fleetscale.optimizer.forecast;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import java.time.LocalDate;
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

  /** What the ledger needs of a demand raised: its id, to supersede it, and what "same" compares. */
  private record Raised(String demandId, double shortfall, LocalDate neededBy) {}

  private final Map<Key, Raised> raised = new HashMap<>();
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
    Raised last = raised.get(key);
    if (last != null && same(last, candidate)) {
      return Optional.empty();
    }
    CapacityDemand out = last == null || last.demandId().equals(candidate.demandId())
        ? candidate
        : candidate.withSupersedes(last.demandId());
    raised.put(key, new Raised(out.demandId(), out.shortfall(), out.neededBy()));
    return Optional.of(out);
  }

  /** Restores a demand raised before a restart (read back from the topic or InfluxDB). */
  public void remember(CapacityDemand demand) {
    remember(demand.pool(), demand.resource(), demand.demandId(), demand.shortfall(),
        demand.neededBy());
  }

  /**
   * Restores the last demand raised for a pool and resource before a restart or a partition move,
   * from what InfluxDB's {@code capacity_demand} keeps of it.
   */
  public void remember(String pool, CapacityResource resource, String demandId, double shortfall,
      LocalDate neededBy) {
    raised.put(new Key(pool, resource), new Raised(demandId, shortfall, neededBy));
  }

  private boolean same(Raised a, CapacityDemand b) {
    long days = Math.abs(ChronoUnit.DAYS.between(a.neededBy(), b.neededBy()));
    double scale = Math.max(Math.abs(a.shortfall()), 1e-9);
    return days <= dateSlackDays && Math.abs(a.shortfall() - b.shortfall()) / scale
        <= relativeSlack;
  }
}
