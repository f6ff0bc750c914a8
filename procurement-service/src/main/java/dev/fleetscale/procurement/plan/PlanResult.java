package dev.fleetscale.procurement.plan;

import dev.fleetscale.contracts.capacity.UnitRequirements;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * What a plan needs: its arithmetic, the plan on each catalog model, the model it is sized in
 * and, in that model, the GPUs, storage and network it becomes demands for.
 *
 * @param kind {@code train} or {@code serve}
 * @param referenceGpuModel the cheapest catalog model that can run the plan; null when none can
 * @param gpus GPUs of the reference model
 * @param storageBytes SSD capacity (checkpoints, or the weights to load)
 * @param networkBitsPerSecond scale-out network over all GPUs
 * @param unitRequirements what each GPU must be, with the step each comes from
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PlanResult(
    String kind,
    List<PlanStep> steps,
    List<ModelOption> options,
    @Nullable String referenceGpuModel,
    int gpus,
    double storageBytes,
    double networkBitsPerSecond,
    UnitRequirements unitRequirements) {

  public PlanResult {
    steps = List.copyOf(steps);
    options = List.copyOf(options);
  }

  /** The arithmetic as one paragraph, step by step. */
  public String arithmetic() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      b.append(i == 0 ? "" : "; ").append(i + 1).append(". ").append(steps.get(i).line());
    }
    return b.toString();
  }
}
