package dev.fleetscale.procurement.plan;

import dev.fleetscale.contracts.capacity.UnitRequirements;
import dev.fleetscale.procurement.catalog.GpuServer;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import dev.fleetscale.procurement.catalog.Pricing;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sizes a model plan against the catalog's GPU models, step by step (docs/demand-analysis.md has
 * the formulas, their sources and limits). Stateless. Per-GPU memory is in GiB-sized catalog GB
 * (an "80 GB" GPU holds 80 GiB), memory bandwidth in decimal GB/s, as vendors quote them.
 */
public final class PlanCalculator {

  /**
   * Default model FLOPs utilisation: between the 0.35 and 0.435 that the published Llama 3.1 405B
   * and Llama 2 70B GPU-hours imply (PublishedFiguresTest), within 15 % of both.
   */
  public static final double DEFAULT_MFU = 0.40;
  /** Bytes of the gradient values exchanged between data-parallel replicas (bf16). */
  static final double GRADIENT_BYTES = 2;
  private static final double GIB = 1L << 30;

  private final double horizonHours;

  /** @param horizonHours hours over which capex is spread when ranking models by cost */
  public PlanCalculator(double horizonHours) {
    this.horizonHours = horizonHours;
  }

  /**
   * A training run: 6·N·D FLOPs; per model, GPU-hours at the dense peak times MFU and GPUs to
   * finish between {@code neededBy} and the deadline; memory per GPU for the sharded training
   * state; checkpoints; the gradient exchange per GPU.
   */
  public PlanResult train(TrainPlan p, LocalDate neededBy, HardwareCatalog catalog) {
    List<PlanStep> steps = new ArrayList<>();
    double n = p.parameters();
    double d = p.tokens();
    double mfu = p.mfuOrDefault();
    double flops = 6 * n * d;
    steps.add(new PlanStep("training FLOPs", "6 · N · D = 6 · " + f(n) + " · " + f(d), flops,
        "FLOP"));
    long days = ChronoUnit.DAYS.between(neededBy, p.deadline());
    if (days <= 0) {
      throw new IllegalArgumentException("train.deadline: must be after needed_by ("
          + neededBy + "), got '" + p.deadline() + "'");
    }
    double hours = days * 24.0;
    steps.add(new PlanStep("hours to the deadline", days + " days · 24", hours, "h"));
    double stateBytes = p.bytesPerParameterOrDefault() * n;
    int shards = p.shardsOrDefault();
    double memPerGpu = stateBytes / shards;
    steps.add(new PlanStep("training state", f(p.bytesPerParameterOrDefault())
        + " B/param · N (bf16 weights and gradients, fp32 master weights and two Adam moments)",
        stateBytes, "B"));
    steps.add(new PlanStep("memory per GPU", "training state / " + shards
        + " shards (ZeRO-3/FSDP; activations not counted)", memPerGpu, "B"));
    int tp = p.tensorParallelOrDefault();

    List<ModelOption> options = new ArrayList<>();
    Map<String, GpuServer> byModel = cheapestServerPerModel(catalog);
    for (GpuServer s : byModel.values()) {
      List<String> breaks = new ArrayList<>();
      Double peak = p.precision() == Precision.FP8 ? s.fp8Tflops() : Double.valueOf(s.bf16Tflops());
      if (peak == null) {
        breaks.add(s.gpuModel() + " states no FP8 peak");
        peak = s.bf16Tflops();
      }
      if (s.gpuMemoryGb() * GIB < memPerGpu) {
        breaks.add(String.format(Locale.ROOT, "%s GB per GPU < %.1f GiB of training state per GPU",
            f(s.gpuMemoryGb()), memPerGpu / GIB));
      }
      if (tp > 1 && s.nvlinkDomain() < tp) {
        breaks.add("NVLink domain " + s.nvlinkDomain() + " < tensor parallel " + tp);
      }
      double gpuHours = flops / (peak * 1e12 * mfu * 3600);
      int gpus = roundUp((int) Math.ceil(gpuHours / hours - 1e-9), Math.max(tp, 1));
      gpus = Math.max(gpus, roundUp(shards, Math.max(tp, 1)));
      options.add(new ModelOption(s.gpuModel(), gpuHours, gpus, usdPerGpuHour(s), breaks));
      steps.add(new PlanStep("GPU-hours on " + s.gpuModel(), "FLOPs / (" + f(peak) + " TFLOPS "
          + p.precision() + " · MFU " + f(mfu) + " · 3600 s)", gpuHours, "GPU-h"));
      steps.add(new PlanStep("GPUs by the deadline on " + s.gpuModel(), "max(⌈GPU-hours / "
          + f(hours) + " h⌉, shards " + shards + ") rounded up to tensor parallel " + tp, gpus,
          "GPUs"));
    }
    Optional<ModelOption> ref = cheapest(options);
    double checkpoint = stateBytes * p.checkpointsKeptOrDefault();
    steps.add(new PlanStep("checkpoint storage", p.checkpointsKeptOrDefault()
        + " full checkpoints · training state", checkpoint, "B"));
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("min_memory_bytes_per_gpu", "model plan: training state / shards (step 4)");
    double fabricPerGpu = 0;
    int gpus = 0;
    String refModel = null;
    if (ref.isPresent()) {
      refModel = ref.get().gpuModel();
      gpus = ref.get().gpus();
      GpuServer s = byModel.get(refModel);
      double peak = p.precision() == Precision.FP8 ? s.fp8Tflops() : s.bf16Tflops();
      double stepSeconds = 6 * n * p.batchTokensOrDefault() / (gpus * peak * 1e12 * mfu);
      steps.add(new PlanStep("step time on " + refModel, "6 · N · batch " + f(
          p.batchTokensOrDefault()) + " tokens / (" + gpus + " GPUs · " + f(peak)
          + " TFLOPS · MFU)", stepSeconds, "s"));
      int dp = Math.max(1, gpus / Math.max(tp, 1));
      double exchanged = 2.0 * (dp - 1) / dp * GRADIENT_BYTES * n / Math.max(tp, 1);
      steps.add(new PlanStep("gradient exchange per GPU per step", "2 · (DP − 1)/DP · 2 B · N / TP,"
          + " ring all-reduce over DP " + dp + " replicas", exchanged, "B"));
      fabricPerGpu = exchanged * 8 / stepSeconds;
      steps.add(new PlanStep("network per GPU", "8 · exchange / step time (overlapped with"
          + " compute)", fabricPerGpu, "bit/s"));
      sources.put("reference_gpu_model", "model plan: cheapest catalog model that fits, "
          + gpus + " GPUs");
      if (fabricPerGpu > 0) {
        sources.put("min_fabric_bits_per_second_per_gpu", "model plan: gradient exchange per GPU"
            + " / step time");
      }
    }
    if (tp > 1) {
      sources.put("min_nvlink_domain_gpus", "model plan: tensor parallel " + tp);
    }
    if (p.precision() == Precision.FP8) {
      sources.put("min_fp8_tflops_per_gpu", "model plan: FP8 training needs FP8 tensor cores");
    }
    UnitRequirements unit = new UnitRequirements(refModel, null, memPerGpu, null,
        p.precision() == Precision.FP8 ? 0.0 : null, tp > 1 ? tp : null,
        fabricPerGpu > 0 ? fabricPerGpu : null, null, sources);
    return new PlanResult("train", steps, options, refModel, gpus, checkpoint,
        fabricPerGpu * gpus, unit);
  }

  /**
   * A model to serve: weights plus the KV cache of every sequence at full context; per model,
   * GPUs by memory capacity and by the memory-bandwidth roofline (every decode step reads the
   * weights and the cache once).
   */
  public PlanResult serve(ServePlan p, HardwareCatalog catalog) {
    List<PlanStep> steps = new ArrayList<>();
    double b = p.precision().bytes();
    double weights = p.parameters() * b;
    steps.add(new PlanStep("weights", "N · " + f(b) + " B = " + f(p.parameters()) + " · " + f(b),
        weights, "B"));
    double kvPerToken = 2.0 * p.layers() * p.kvHeads() * p.headDim() * b;
    steps.add(new PlanStep("KV cache per token", "2 (K, V) · " + p.layers() + " layers · "
        + p.kvHeads() + " KV heads · " + p.headDim() + " head dim · " + f(b) + " B", kvPerToken,
        "B"));
    double kv = kvPerToken * p.contextTokens() * (double) p.concurrentSequences();
    steps.add(new PlanStep("KV cache", "per token · " + p.contextTokens() + " context · "
        + p.concurrentSequences() + " sequences", kv, "B"));
    double memory = weights + kv;
    steps.add(new PlanStep("memory", "weights + KV cache", memory, "B"));
    double stepSeconds = Math.min(p.latencyMsPerToken() / 1000.0,
        p.concurrentSequences() / p.tokensPerSecond());
    steps.add(new PlanStep("decode step budget", "min(latency " + f(p.latencyMsPerToken())
        + " ms, sequences " + p.concurrentSequences() + " / " + f(p.tokensPerSecond())
        + " tokens/s)", stepSeconds, "s"));
    double bandwidth = memory / stepSeconds;
    steps.add(new PlanStep("memory bandwidth", "memory read per step / step budget", bandwidth,
        "B/s"));
    List<ModelOption> options = new ArrayList<>();
    Map<String, GpuServer> byModel = cheapestServerPerModel(catalog);
    for (GpuServer s : byModel.values()) {
      List<String> breaks = new ArrayList<>();
      if (p.precision() == Precision.FP8 && s.fp8Tflops() == null) {
        breaks.add(s.gpuModel() + " states no FP8 peak");
      }
      int byMemory = (int) Math.ceil(memory / (p.usableOrDefault() * s.gpuMemoryGb() * GIB)
          - 1e-9);
      int byBandwidth;
      if (s.memoryBandwidthGbPerS() == null) {
        breaks.add(s.gpuModel() + " states no memory bandwidth");
        byBandwidth = 0;
      } else {
        byBandwidth = (int) Math.ceil(bandwidth / (s.memoryBandwidthGbPerS() * 1e9) - 1e-9);
        steps.add(new PlanStep("GPUs by bandwidth on " + s.gpuModel(), "⌈bandwidth / "
            + f(s.memoryBandwidthGbPerS()) + " GB/s⌉", byBandwidth, "GPUs"));
      }
      steps.add(new PlanStep("GPUs by memory on " + s.gpuModel(), "⌈memory / (" + f(
          p.usableOrDefault()) + " · " + f(s.gpuMemoryGb()) + " GiB)⌉", byMemory, "GPUs"));
      int gpus = Math.max(1, Math.max(byMemory, byBandwidth));
      if (gpus > 1 && s.nvlinkDomain() < Math.min(gpus, s.gpusPerServer())) {
        breaks.add("needs " + gpus + " GPUs in one tensor-parallel group; NVLink domain "
            + s.nvlinkDomain());
      }
      options.add(new ModelOption(s.gpuModel(), 0, gpus, usdPerGpuHour(s), breaks));
    }
    Optional<ModelOption> ref = cheapest(options);
    steps.add(new PlanStep("storage", "the weights, one copy", weights, "B"));
    double network = p.tokensPerSecond() * 4 * 8;
    steps.add(new PlanStep("client network", "tokens/s · 4 B of text per token · 8 (streamed"
        + " responses; prompts not counted)", network, "bit/s"));
    Map<String, String> sources = new LinkedHashMap<>();
    String refModel = ref.map(ModelOption::gpuModel).orElse(null);
    int gpus = ref.map(ModelOption::gpus).orElse(0);
    Integer nvlink = null;
    if (refModel != null) {
      sources.put("reference_gpu_model", "model plan: cheapest catalog model that fits, " + gpus
          + " GPUs");
      sources.put("accepted_gpu_models", "model plan: sized on this model's memory bandwidth");
      int domain = Math.min(gpus, byModel.get(refModel).gpusPerServer());
      if (domain > 1) {
        nvlink = domain;
        sources.put("min_nvlink_domain_gpus", "model plan: one tensor-parallel group");
      }
    }
    UnitRequirements unit = new UnitRequirements(refModel, null, null, null,
        p.precision() == Precision.FP8 ? 0.0 : null, nvlink, null,
        refModel == null ? null : List.of(refModel), sources);
    return new PlanResult("serve", steps, options, refModel, gpus, weights, network, unit);
  }

  /** The cheapest server of each GPU model, in catalog order. */
  private Map<String, GpuServer> cheapestServerPerModel(HardwareCatalog catalog) {
    Map<String, GpuServer> out = new LinkedHashMap<>();
    for (GpuServer s : catalog.servers()) {
      out.merge(s.gpuModel(), s, (a, c) -> usdPerGpuHour(c) < usdPerGpuHour(a) ? c : a);
    }
    return out;
  }

  private double usdPerGpuHour(GpuServer s) {
    Pricing pr = s.pricing();
    double buy = pr.buyable() ? pr.capexUsd() / horizonHours : Double.POSITIVE_INFINITY;
    double lease = pr.leasable() ? pr.leaseUsdPerHour() : Double.POSITIVE_INFINITY;
    return Math.min(buy, lease) / s.gpusPerServer();
  }

  private static Optional<ModelOption> cheapest(List<ModelOption> options) {
    return options.stream().filter(ModelOption::fits)
        .min(Comparator.comparingDouble(ModelOption::costPerHour));
  }

  private static int roundUp(int v, int multiple) {
    return (v + multiple - 1) / multiple * multiple;
  }

  private static String f(double v) {
    return PlanStep.format(v);
  }
}
