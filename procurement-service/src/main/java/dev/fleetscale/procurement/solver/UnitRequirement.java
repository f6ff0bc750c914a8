package dev.fleetscale.procurement.solver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.fleetscale.procurement.catalog.GpuServer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every GPU bought must be, in the solver's units (GB, TFLOPS, Gbit/s); a null field is no
 * requirement. A server that breaks one is left out of the proposed mix and shows up only as an
 * alternative naming what it breaks.
 *
 * @param referenceGpuModel the model a GPU-count shortfall is counted in; the solver meets the
 *     count in this model's memory and compute equivalents
 * @param referenceMemoryGb memory of one reference GPU, GB, when the model is not in the catalog
 * @param minMemoryGb least memory per GPU, GB
 * @param minBf16Tflops least dense BF16 compute per GPU, TFLOPS
 * @param minFp8Tflops least dense FP8 compute per GPU, TFLOPS
 * @param minNvlinkDomainGpus least GPUs in one NVLink domain
 * @param minFabricGbpsPerGpu least InfiniBand/RoCE bandwidth per GPU, Gbit/s
 * @param acceptedGpuModels models the work accepts (catalog ids or NVML names); empty: any
 * @param sources where each requirement came from, by field name
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
public record UnitRequirement(
    @Nullable String referenceGpuModel,
    @Nullable @Positive @DecimalMax("1e6") Double referenceMemoryGb,
    @Nullable @PositiveOrZero @DecimalMax("1e6") Double minMemoryGb,
    @Nullable @PositiveOrZero @DecimalMax("1e6") Double minBf16Tflops,
    @Nullable @PositiveOrZero @DecimalMax("1e6") Double minFp8Tflops,
    @Nullable @Positive @Max(100000) Integer minNvlinkDomainGpus,
    @Nullable @PositiveOrZero @DecimalMax("1e6") Double minFabricGbpsPerGpu,
    @Nullable List<String> acceptedGpuModels,
    @Nullable Map<String, String> sources) {

  public UnitRequirement {
    acceptedGpuModels = acceptedGpuModels == null ? List.of() : List.copyOf(acceptedGpuModels);
    sources = sources == null ? Map.of() : Map.copyOf(sources);
  }

  /** No requirement. */
  public static final UnitRequirement NONE =
      new UnitRequirement(null, null, null, null, null, null, null, null, null);

  /** True when nothing is required of a GPU (the reference alone restricts nothing). */
  public boolean restrictsNothing() {
    return minMemoryGb == null && minBf16Tflops == null && minFp8Tflops == null
        && minNvlinkDomainGpus == null && minFabricGbpsPerGpu == null
        && acceptedGpuModels.isEmpty();
  }

  /**
   * What {@code s} breaks, one entry per requirement, e.g. {@code "min_memory_gb_per_gpu: 48 GB
   * < 120 GB"}; empty when it meets them all.
   */
  public List<String> breaches(GpuServer s) {
    List<String> out = new ArrayList<>();
    if (!acceptedGpuModels.isEmpty() && !GpuModels.matchesAny(s.gpuModel(), acceptedGpuModels)) {
      out.add("accepted_gpu_models: " + s.gpuModel() + " is not one of " + acceptedGpuModels);
    }
    below(out, "min_memory_gb_per_gpu", s.gpuMemoryGb(), minMemoryGb, "GB");
    below(out, "min_bf16_tflops_per_gpu", s.bf16Tflops(), minBf16Tflops, "TFLOPS");
    if (minFp8Tflops != null && s.fp8Tflops() == null) {
      out.add(String.format(Locale.ROOT, "min_fp8_tflops_per_gpu: %s states no FP8 (need %s"
          + " TFLOPS)", s.gpuModel(), num(minFp8Tflops)));
    } else if (minFp8Tflops != null) {
      below(out, "min_fp8_tflops_per_gpu", s.fp8Tflops(), minFp8Tflops, "TFLOPS");
    }
    if (minNvlinkDomainGpus != null && s.nvlinkDomain() < minNvlinkDomainGpus) {
      out.add("min_nvlink_domain_gpus: " + s.nvlinkDomain() + " < " + minNvlinkDomainGpus);
    }
    below(out, "min_fabric_gbps_per_gpu", s.fabricPerGpu(), minFabricGbpsPerGpu, "Gbit/s");
    return out;
  }

  private static void below(List<String> out, String name, double have, Double need,
      String unit) {
    if (need != null && have < need * (1 - MixProgram.TOLERANCE)) {
      out.add(String.format(Locale.ROOT, "%s: %s %s < %s %s", name, num(have), unit, num(need),
          unit));
    }
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.4g", v);
  }
}
