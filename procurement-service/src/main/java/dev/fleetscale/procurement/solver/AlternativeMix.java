package dev.fleetscale.procurement.solver;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * A mix considered and not chosen. Money in USD.
 *
 * @param deltaVsProposed this TCO minus the proposed TCO over the same horizon (positive: dearer);
 *     when nothing feasible was proposed, the TCO itself
 * @param usdPerTflopHour the mix's GPU cost per hour over the dense BF16 TFLOPS its GPUs add;
 *     null when it adds no GPUs
 * @param usdPerGpuMemoryGbHour the mix's GPU cost per hour over the GPU memory (GB) it adds; null
 *     when it adds no GPUs
 * @param breaks the per-GPU requirements this mix breaks (why it is not proposed however cheap);
 *     empty when it meets them all
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record AlternativeMix(
    String name,
    List<SolutionLine> lines,
    double costPerHour,
    double capex,
    double totalCostOfOwnership,
    double deltaVsProposed,
    String note,
    @Nullable Double usdPerTflopHour,
    @Nullable Double usdPerGpuMemoryGbHour,
    List<String> breaks) {

  public AlternativeMix {
    lines = List.copyOf(lines);
    breaks = breaks == null ? List.of() : List.copyOf(breaks);
  }
}
