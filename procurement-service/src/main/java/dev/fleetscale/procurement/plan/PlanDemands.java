package dev.fleetscale.procurement.plan;

import dev.fleetscale.contracts.EventIds;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.capacity.Evidence;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A sized plan as capacity demands, like the forecast's: GPUs (in the reference model, with the
 * per-GPU requirements), checkpoint or weight storage, and the scale-out network. Installed
 * capacity is 0 and the target utilisation 1 (the plan is new work, sized at the utilisation it
 * states); the origin names the plan and the evidence carries its arithmetic, which the proposal's
 * justification quotes.
 */
final class PlanDemands {

  private PlanDemands() {}

  static String planId(PlanRequest request) {
    return EventIds.nameBased("model-plan", request.pool(), request.neededBy(),
        String.valueOf(request.train()), String.valueOf(request.serve())).toString();
  }

  static List<CapacityDemand> of(String planId, PlanRequest request, PlanResult r,
      Instant raisedAt) {
    List<CapacityDemand> out = new ArrayList<>();
    String origin = CapacityDemand.PLAN_ORIGIN_PREFIX + planId;
    Evidence evidence = new Evidence(raisedAt, raisedAt, "model-plan " + r.kind() + " ("
        + origin + "): " + r.arithmetic(), "none", 0, 0);
    if (r.gpus() > 0) {
      out.add(demand(planId, request.pool(), CapacityResource.GPU_COUNT, r.gpus(),
          request.neededBy(), raisedAt, evidence, r, origin));
    }
    if (r.storageBytes() > 0) {
      out.add(demand(planId, request.pool(), CapacityResource.SSD_CAPACITY_BYTES,
          r.storageBytes(), request.neededBy(), raisedAt, evidence, null, origin));
    }
    if (r.networkBitsPerSecond() > 0) {
      out.add(demand(planId, request.pool(), CapacityResource.NIC_BANDWIDTH_BITS_PER_SECOND,
          r.networkBitsPerSecond(), request.neededBy(), raisedAt, evidence, null, origin));
    }
    return out;
  }

  private static CapacityDemand demand(String planId, String pool, CapacityResource resource,
      double amount, LocalDate neededBy, Instant raisedAt, Evidence evidence, PlanResult r,
      String origin) {
    return new CapacityDemand(EventIds.nameBased(planId, resource).toString(), pool, resource,
        amount, null, null, 0, 1, amount, neededBy, raisedAt, evidence, null,
        r == null ? null : r.unitRequirements(), origin);
  }
}
