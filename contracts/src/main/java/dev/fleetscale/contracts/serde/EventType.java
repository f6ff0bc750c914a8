package dev.fleetscale.contracts.serde;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.actuator.PoolState;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.deadletter.DeadLetter;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import dev.fleetscale.contracts.telemetry.HostSample;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One kind of event: its Java type, topic, CloudEvents type and JSON Schema. The constants are the
 * complete list of what crosses Kafka. Immutable and thread-safe.
 *
 * @param <T> the record type
 */
public final class EventType<T extends FleetEvent> {

  public static final EventType<HostSample> HOST_SAMPLE =
      new EventType<>(HostSample.class, Topics.TELEMETRY, "dev.fleetscale.telemetry.host-sample.v1");
  public static final EventType<AutoscaleDecision> AUTOSCALE_DECISION =
      new EventType<>(
          AutoscaleDecision.class, Topics.AUTOSCALE, "dev.fleetscale.autoscale.decision.v1");
  public static final EventType<RebalancePlan> REBALANCE_PLAN =
      new EventType<>(RebalancePlan.class, Topics.REBALANCE, "dev.fleetscale.rebalance.plan.v1");
  public static final EventType<CapacityDemand> CAPACITY_DEMAND =
      new EventType<>(
          CapacityDemand.class, Topics.CAPACITY_DEMAND, "dev.fleetscale.capacity.demand.v1");
  public static final EventType<ProcurementProposal> PROCUREMENT_PROPOSAL =
      new EventType<>(
          ProcurementProposal.class, Topics.PROPOSALS, "dev.fleetscale.procurement.proposal.v1");
  public static final EventType<PoolState> POOL_STATE =
      new EventType<>(PoolState.class, Topics.POOL_STATE, "dev.fleetscale.actuator.pool-state.v1");
  public static final EventType<DeadLetter> DEAD_LETTER =
      new EventType<>(DeadLetter.class, Topics.DEADLETTER, "dev.fleetscale.deadletter.v1");

  private static final List<EventType<?>> ALL =
      List.of(
          HOST_SAMPLE,
          AUTOSCALE_DECISION,
          REBALANCE_PLAN,
          CAPACITY_DEMAND,
          PROCUREMENT_PROPOSAL,
          POOL_STATE,
          DEAD_LETTER);

  private final Class<T> javaType;
  private final String topic;
  private final String ceType;

  private EventType(Class<T> javaType, String topic, String ceType) {
    this.javaType = javaType;
    this.topic = topic;
    this.ceType = ceType;
  }

  /** Every event type, one per topic. */
  public static List<EventType<?>> all() {
    return ALL;
  }

  /** The type with this CloudEvents {@code ce_type}, if this version of contracts knows it. */
  public static Optional<EventType<?>> byCeType(String ceType) {
    return ALL.stream().filter(t -> t.ceType.equals(ceType)).findFirst();
  }

  /** The type of this record class. */
  @SuppressWarnings("unchecked")
  public static <T extends FleetEvent> EventType<T> of(Class<T> javaType) {
    Objects.requireNonNull(javaType, "javaType");
    return (EventType<T>)
        ALL.stream()
            .filter(t -> t.javaType.equals(javaType))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not a Fleetscale event: " + javaType));
  }

  public Class<T> javaType() {
    return javaType;
  }

  public String topic() {
    return topic;
  }

  /** CloudEvents {@code type} attribute, e.g. "dev.fleetscale.telemetry.host-sample.v1". */
  public String ceType() {
    return ceType;
  }

  /** Class-path resource of the JSON Schema, e.g. "/schemas/fleet.telemetry.v1.schema.json". */
  public String schemaResource() {
    return "/schemas/" + topic + ".schema.json";
  }

  @Override
  public String toString() {
    return ceType;
  }
}
