package dev.fleetscale.contracts.procurement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fleetscale.contracts.EventIds;
import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.Copies;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A costed procurement proposal, published once per status change: topic {@code
 * fleet.proposals.v1}, key proposal id (so the changes of one proposal stay in order). The latest
 * record per key is the proposal's current state, which makes the topic suitable for compaction.
 *
 * @param proposalId stable id across status changes
 * @param pool the pool the hardware is for
 * @param demandIds the {@code CapacityDemand}s it answers
 * @param status current status
 * @param statusChangedAt when the status last changed
 * @param changedBy who changed it: a user name, or "solver" for PROPOSED
 * @param statusNote why, e.g. the approver's comment; null if none
 * @param currency ISO 4217 code of every amount of money here, e.g. "USD"
 * @param lineItems what to buy or rent; empty when infeasible
 * @param costPerHour running cost per hour of the line items
 * @param capex up-front cost of the line items
 * @param totalCostOfOwnership capex plus running cost over horizonMonths
 * @param horizonMonths months the TCO covers
 * @param bindingConstraints constraints active at the optimum (e.g. "rack_power_kw")
 * @param alternatives mixes considered and not proposed
 * @param justification human-readable paragraph for the approver
 * @param infeasibility why the demand cannot be met; null when it can
 * @param supersedes the proposalId this one replaces; null if none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcurementProposal(
    String proposalId,
    String pool,
    List<String> demandIds,
    ProposalStatus status,
    Instant statusChangedAt,
    String changedBy,
    String statusNote,
    String currency,
    List<LineItem> lineItems,
    double costPerHour,
    double capex,
    double totalCostOfOwnership,
    int horizonMonths,
    List<String> bindingConstraints,
    List<Alternative> alternatives,
    String justification,
    Infeasibility infeasibility,
    String supersedes)
    implements FleetEvent {

  public ProcurementProposal {
    Objects.requireNonNull(proposalId, "proposalId");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusChangedAt, "statusChangedAt");
    Objects.requireNonNull(changedBy, "changedBy");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(justification, "justification");
    demandIds = Copies.copyRequired(demandIds, "demandIds");
    lineItems = Copies.copyRequired(lineItems, "lineItems");
    bindingConstraints = Copies.copyRequired(bindingConstraints, "bindingConstraints");
    alternatives = Copies.copyRequired(alternatives, "alternatives");
  }

  /** One id per status change: (proposalId, status, statusChangedAt). */
  @Override
  public String eventId() {
    return EventIds.nameBased(proposalId, status, statusChangedAt).toString();
  }

  @Override
  public Instant eventTime() {
    return statusChangedAt;
  }

  @Override
  public String partitionKey() {
    return proposalId;
  }
}
