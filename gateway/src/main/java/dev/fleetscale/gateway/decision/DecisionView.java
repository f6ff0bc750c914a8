package dev.fleetscale.gateway.decision;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.Map;

/**
 * One decision of the optimizer: an autoscale decision or a rebalance plan, with its reason, the
 * inputs it rested on and what it decided.
 *
 * @param kind {@code autoscale} or {@code rebalance}
 * @param id the decision's id, the CloudEvents {@code ce_id} it was published with
 * @param time the window end (autoscale) or snapshot time (rebalance) it rests on
 * @param reason why, for a person
 * @param inputs what it rested on (autoscale: mode, metric, observed, target, current replicas,
 *     raw recommendation; rebalance: the score before and every goal with its outcome)
 * @param outcome what it decided (autoscale: desired replicas and the limits applied; rebalance:
 *     moves, score after, infeasible hard goals)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DecisionView(String kind, String id, String pool, Instant time, String reason,
    Map<String, Object> inputs, Map<String, Object> outcome) {}
