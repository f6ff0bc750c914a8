package dev.fleetscale.procurement.plan;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * The plan on one catalog GPU model.
 *
 * @param gpuHours GPU-hours the run takes on this model (train); 0 for serving
 * @param gpus GPUs needed on this model
 * @param usdPerGpuHour the model's cheapest cost of one GPU for one hour (lease, or capex over the
 *     horizon)
 * @param breaks why the model cannot run the plan; empty when it can
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ModelOption(String gpuModel, double gpuHours, int gpus, double usdPerGpuHour,
    List<String> breaks) {

  public ModelOption {
    breaks = List.copyOf(breaks);
  }

  boolean fits() {
    return breaks.isEmpty();
  }

  double costPerHour() {
    return gpus * usdPerGpuHour;
  }
}
