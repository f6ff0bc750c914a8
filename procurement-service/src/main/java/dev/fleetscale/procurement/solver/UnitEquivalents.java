package dev.fleetscale.procurement.solver;

import dev.fleetscale.procurement.catalog.GpuServer;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a GPU-count shortfall into what those GPUs were: the reference model's memory and dense
 * BF16 compute times the count. When both figures are known the count itself is dropped, so the
 * shortfall can be met by fewer, larger GPUs or more, smaller ones, as long as each meets the
 * per-GPU requirements; when only memory is known the count is kept beside it.
 */
final class UnitEquivalents {

  private final HardwareCatalog catalog;
  private final CapacityRequirement req;

  UnitEquivalents(HardwareCatalog catalog, CapacityRequirement req) {
    this.catalog = catalog;
    this.req = req;
  }

  /** The amounts to solve for; each conversion is appended to {@code basis}. */
  Map<Resource, Double> demand(List<String> basis) {
    Map<Resource, Double> amounts = new EnumMap<>(req.amounts());
    UnitRequirement unit = req.unitRequirement();
    if (req.gpus() <= 0 || unit.referenceGpuModel() == null && unit.referenceMemoryGb() == null) {
      return amounts;
    }
    Optional<GpuServer> ref = reference(unit.referenceGpuModel());
    if (ref.isEmpty() && unit.referenceGpuModel() == null) {
      ref = byMemory(unit.referenceMemoryGb());
      ref.ifPresent(s -> basis.add(String.format(Locale.ROOT, "reference model %s: the only"
          + " catalog model with %s GB per GPU, the pool's own GPUs' memory", s.gpuModel(),
          UnitRequirement.num(unit.referenceMemoryGb()))));
    }
    Double memGb = ref.map(GpuServer::gpuMemoryGb).orElse(unit.referenceMemoryGb());
    Double tflops = ref.map(GpuServer::bf16Tflops).orElse(null);
    String name = ref.map(GpuServer::gpuModel).orElse(unit.referenceGpuModel() == null
        ? "the pool's GPUs" : unit.referenceGpuModel());
    int n = req.gpus();
    if (memGb != null) {
      double need = n * memGb;
      basis.add(String.format(Locale.ROOT, "%d GPUs of %s × %s GB = %s GB of GPU memory", n, name,
          UnitRequirement.num(memGb), UnitRequirement.num(need)));
      amounts.merge(Resource.GPU_MEMORY, need, Math::max);
    }
    if (tflops != null) {
      double need = n * tflops;
      basis.add(String.format(Locale.ROOT, "%d GPUs of %s × %s TFLOPS BF16 = %s TFLOPS", n, name,
          UnitRequirement.num(tflops), UnitRequirement.num(need)));
      amounts.merge(Resource.GPU_COMPUTE, need, Math::max);
    }
    if (memGb != null && tflops != null) {
      amounts.put(Resource.GPU_COUNT, 0.0);
      basis.add("the " + n + "-GPU shortfall is met in these memory and compute equivalents,"
          + " by GPUs that each meet the per-GPU requirements");
    } else {
      basis.add("no compute figure for " + name + " in the catalog: the shortfall is also met as"
          + " a count of " + n + " GPUs");
    }
    return amounts;
  }

  /**
   * The catalog model whose GPUs have this memory (within 3 %, as NVML reports a frame buffer a
   * little under the marketed size, 139.8 GiB for a 141 GB H200), if exactly one model does: the
   * telemetry names the memory but the window summaries no model.
   */
  private Optional<GpuServer> byMemory(Double memGb) {
    if (memGb == null) {
      return Optional.empty();
    }
    List<GpuServer> same = catalog.servers().stream()
        .filter(s -> Math.abs(s.gpuMemoryGb() - memGb) <= 0.03 * s.gpuMemoryGb()).toList();
    long models = same.stream().map(GpuServer::gpuModel).distinct().count();
    return models == 1 ? Optional.of(same.get(0)) : Optional.empty();
  }

  /** The catalog server of the reference model, if the catalog has one (the first listed). */
  private Optional<GpuServer> reference(String model) {
    if (model == null) {
      return Optional.empty();
    }
    return catalog.servers().stream().filter(s -> GpuModels.matches(s.gpuModel(), model))
        .findFirst();
  }
}
