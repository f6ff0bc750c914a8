package dev.fleetscale.contracts;

/**
 * Kafka topic names. A topic's version is part of its name: a breaking change to a value's shape is
 * a new topic, never an in-place change. The comment on each constant names the record key, which
 * decides ordering (Kafka orders only within a partition, and a key always maps to one partition).
 */
public final class Topics {

  /** {@code HostSample}s, keyed by host id: the samples of one host arrive in sequence order. */
  public static final String TELEMETRY = "fleet.telemetry.v1";

  /** {@code AutoscaleDecision}s, keyed by pool. */
  public static final String AUTOSCALE = "fleet.autoscale.v1";

  /** {@code RebalancePlan}s, keyed by pool. */
  public static final String REBALANCE = "fleet.rebalance.v1";

  /** {@code CapacityDemand}s, keyed by pool. */
  public static final String CAPACITY_DEMAND = "fleet.capacity-demand.v1";

  /** {@code ProcurementProposal}s and each change of their status, keyed by proposal id. */
  public static final String PROPOSALS = "fleet.proposals.v1";

  /**
   * {@code PoolState}s an actuator reports (requested and ready replicas, the last decision it
   * applied), keyed by pool.
   */
  public static final String POOL_STATE = "fleet.pool-state.v1";

  /** {@code DeadLetter}s, keyed by the topic the failed record came from. */
  public static final String DEADLETTER = "fleet.deadletter.v1";

  private Topics() {}
}
