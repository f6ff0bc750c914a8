package dev.fleetscale.gateway.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import dev.fleetscale.contracts.serde.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the events of the decision and proposal topics into the stream's events. Pure: the
 * listener hands each decoded record here.
 *
 * <ul>
 *   <li>an {@link AutoscaleDecision} is a {@code decision} (kind {@code autoscale}) and the pool's
 *       {@code pool} summary: the autoscaler decides once per pool window, and its decision carries
 *       the pool's hosts online and requested, the metric and its observed and target values;
 *   <li>a {@link RebalancePlan} is a {@code decision} (kind {@code rebalance});
 *   <li>a {@link ProcurementProposal} (one per status change) is a {@code proposal}, in the
 *       topic's shape.
 * </ul>
 *
 * A {@code decision}'s data is {@code {kind, pool, at, id, reason, event}}, where {@code event} is
 * the record in its topic's shape (snake_case, as on Kafka).
 */
public final class StreamEvents {

  private static final ObjectMapper JSON = Json.mapper();

  private StreamEvents() {}

  /** The stream's events for one record, in the order they are sent; empty for other types. */
  public static List<Pooled> of(FleetEvent event) {
    if (event instanceof AutoscaleDecision d) {
      return List.of(
          new Pooled(d.pool(), new StreamEvent(StreamEvent.POOL, d.eventId(), json(summary(d)))),
          new Pooled(null, new StreamEvent(StreamEvent.DECISION, d.eventId(),
              json(decision("autoscale", d.pool(), d.decidedAt().toString(), d.decisionId(),
                  d.reason(), d)))));
    }
    if (event instanceof RebalancePlan p) {
      String reason = p.moves().size() + " moves, imbalance " + round(p.scoreBefore()) + " → "
          + round(p.scoreAfter()) + (p.infeasibleHardGoals().isEmpty() ? ""
          : "; " + p.infeasibleHardGoals().size() + " hard goals infeasible");
      return List.of(new Pooled(null, new StreamEvent(StreamEvent.DECISION, p.eventId(),
          json(decision("rebalance", p.pool(), p.plannedAt().toString(), p.planId(), reason, p)))));
    }
    if (event instanceof ProcurementProposal p) {
      return List.of(new Pooled(null, new StreamEvent(StreamEvent.PROPOSAL, p.eventId(), json(p))));
    }
    return List.of();
  }

  /**
   * A stream event; {@code pool} is set for a pool summary (the hub keeps the latest per pool).
   */
  public record Pooled(String pool, StreamEvent event) {}

  static Map<String, Object> summary(AutoscaleDecision d) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("pool", d.pool());
    s.put("at", d.decidedAt().toString());
    s.put("replicas_ready", d.replicasReady() != null ? d.replicasReady() : d.currentReplicas());
    s.put("replicas_requested", d.replicasRequested());
    s.put("desired_replicas", d.desiredReplicas());
    s.put("metric", d.metric());
    s.put("observed", d.observedValue());
    s.put("target", d.targetValue());
    s.put("mode", d.mode().name().toLowerCase(java.util.Locale.ROOT));
    return s;
  }

  private static Map<String, Object> decision(String kind, String pool, String at, String id,
      String reason, FleetEvent event) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("pool", pool);
    m.put("at", at);
    m.put("id", id);
    m.put("reason", reason);
    m.put("event", event);
    return m;
  }

  private static String round(double v) {
    return String.format(java.util.Locale.ROOT, "%.3f", v);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
