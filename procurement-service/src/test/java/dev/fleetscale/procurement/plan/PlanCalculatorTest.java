package dev.fleetscale.procurement.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscale.procurement.catalog.CatalogLoader;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import dev.fleetscale.procurement.solver.ProcurementSolver;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Each formula of the plan calculator against values computed by hand on the default catalog. */
class PlanCalculatorTest {

  static final HardwareCatalog CATALOG = new CatalogLoader().loadDefault();
  static final LocalDate NEEDED_BY = LocalDate.of(2027, 3, 1);
  private static final double GIB = 1L << 30;
  private final PlanCalculator calc = new PlanCalculator(36 * ProcurementSolver.HOURS_PER_MONTH);

  static TrainPlan train7b() {
    // 7e9 parameters on 2e11 tokens in 30 days, defaults otherwise (MFU 0.4, 16 B/param, 8
    // shards, tensor parallel 8, 4 M-token batch, 2 checkpoints)
    return new TrainPlan(7e9, 2e11, Precision.BF16, NEEDED_BY.plusDays(30), null, null, null,
        null, null, null);
  }

  static ServePlan serve70b() {
    // Llama 2 70B shape: 80 layers, 8 KV heads (GQA), head dim 128; 32 sequences of 4096
    // tokens, 1000 tokens/s, 50 ms per token
    return new ServePlan(7e10, Precision.BF16, 80, 8, 128, 4096, 32, 1000.0, 50.0, null);
  }

  private static ModelOption option(PlanResult r, String model) {
    return r.options().stream().filter(o -> o.gpuModel().equals(model)).findFirst()
        .orElseThrow();
  }

  private static double step(PlanResult r, String name) {
    return r.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow()
        .value();
  }

  @Test
  void trainingFlopsGpuHoursAndGpusByTheDeadline() {
    PlanResult r = calc.train(train7b(), NEEDED_BY, CATALOG);

    assertThat(step(r, "training FLOPs")).isEqualTo(8.4e21); // 6 · 7e9 · 2e11
    assertThat(step(r, "hours to the deadline")).isEqualTo(720);
    // 8.4e21 / (989e12 · 0.4 · 3600) = 5,898.2 GPU-hours; / 720 h = 8.19 → 9 → 16 (TP 8)
    assertThat(option(r, "H100-SXM").gpuHours()).isCloseTo(5898.2, within(0.1));
    assertThat(option(r, "H100-SXM").gpus()).isEqualTo(16);
    // 8.4e21 / (312e12 · 0.4 · 3600) = 18,696.6 GPU-hours; / 720 = 25.97 → 26 → 32
    assertThat(option(r, "A100-SXM").gpuHours()).isCloseTo(18696.6, within(0.1));
    assertThat(option(r, "A100-SXM").gpus()).isEqualTo(32);
  }

  @Test
  void trainingMemoryCheckpointsAndNetwork() {
    PlanResult r = calc.train(train7b(), NEEDED_BY, CATALOG);

    assertThat(step(r, "training state")).isEqualTo(1.12e11); // 16 B · 7e9
    assertThat(step(r, "memory per GPU")).isEqualTo(1.4e10); // / 8 shards
    assertThat(step(r, "checkpoint storage")).isEqualTo(2.24e11); // 2 checkpoints
    // cheapest that fits: 16 H100 at 280,000 / 26,280 h / 8 = 1.332 $/GPU-h = 21.3 $/h, below
    // 32 A100 (22.8) and 16 H200 (25.9); L40S has no NVLink for tensor parallel 8
    assertThat(r.referenceGpuModel()).isEqualTo("H100-SXM");
    assertThat(r.gpus()).isEqualTo(16);
    assertThat(option(r, "L40S").breaks()).containsExactly("NVLink domain 1 < tensor parallel 8");
    // step: 6 · 7e9 · 4,194,304 / (16 · 989e12 · 0.4) = 27.83 s; DP 2: 2 · 1/2 · 2 B · 7e9 / 8
    // = 1.75e9 B per GPU per step; · 8 / 27.83 s = 5.03e8 bit/s per GPU
    assertThat(step(r, "step time on H100-SXM")).isCloseTo(27.83, within(0.01));
    assertThat(step(r, "gradient exchange per GPU per step")).isEqualTo(1.75e9);
    assertThat(r.unitRequirements().minFabricBitsPerSecondPerGpu()).isCloseTo(5.030e8,
        within(1e6));
    assertThat(r.networkBitsPerSecond()).isCloseTo(16 * 5.030e8, within(2e7));
    assertThat(r.unitRequirements().minMemoryBytesPerGpu()).isEqualTo(1.4e10);
    assertThat(r.unitRequirements().minNvlinkDomainGpus()).isEqualTo(8);
    assertThat(r.unitRequirements().referenceGpuModel()).isEqualTo("H100-SXM");
  }

  @Test
  void shardedStateThatDoesNotFitRulesAModelOut() {
    // 70e9 · 16 B / 8 shards = 1.4e11 B = 130.4 GiB per GPU: only the H200 (141 GB) holds it
    TrainPlan big = new TrainPlan(7e10, 2e12, Precision.BF16, NEEDED_BY.plusDays(90), null, null,
        null, null, null, null);

    PlanResult r = calc.train(big, NEEDED_BY, CATALOG);

    assertThat(option(r, "H100-SXM").breaks())
        .containsExactly("80 GB per GPU < 130.4 GiB of training state per GPU");
    assertThat(r.referenceGpuModel()).isEqualTo("H200-SXM");
    // 8.4e23 / (989e12 · 0.4 · 3600) = 589,821 GPU-h; / 2160 h = 273.1 → 274 → 280
    assertThat(r.gpus()).isEqualTo(280);
  }

  @Test
  void fp8TrainingUsesTheFp8PeakAndRulesOutGpusWithout() {
    TrainPlan fp8 = new TrainPlan(7e9, 2e11, Precision.FP8, NEEDED_BY.plusDays(30), null, null,
        null, null, null, null);

    PlanResult r = calc.train(fp8, NEEDED_BY, CATALOG);

    // 8.4e21 / (1979e12 · 0.4 · 3600) = 2,947.6 GPU-hours
    assertThat(option(r, "H100-SXM").gpuHours()).isCloseTo(2947.6, within(0.1));
    assertThat(option(r, "A100-SXM").breaks()).contains("A100-SXM states no FP8 peak");
    assertThat(r.unitRequirements().minFp8TflopsPerGpu()).isEqualTo(0.0);
  }

  @Test
  void servingMemoryAndBandwidthRoofline() {
    PlanResult r = calc.serve(serve70b(), CATALOG);

    assertThat(step(r, "weights")).isEqualTo(1.4e11); // 7e10 · 2 B
    assertThat(step(r, "KV cache per token")).isEqualTo(327_680); // 2 · 80 · 8 · 128 · 2 B
    assertThat(step(r, "KV cache")).isEqualTo(327_680.0 * 4096 * 32); // 4.295e10 B
    double memory = 1.4e11 + 327_680.0 * 4096 * 32;
    assertThat(step(r, "memory")).isEqualTo(memory);
    assertThat(step(r, "decode step budget")).isEqualTo(0.032); // min(50 ms, 32 / 1000 s)
    assertThat(step(r, "memory bandwidth")).isCloseTo(memory / 0.032, within(1.0));
    // H200: memory 1.83e11 / (0.9 · 141 GiB) = 1.34 → 2; bandwidth 5.72e12 / 4.8e12 = 1.19 → 2
    assertThat(option(r, "H200-SXM").gpus()).isEqualTo(2);
    // H100: 1.83e11 / (0.9 · 80 GiB) = 2.37 → 3; 5.72e12 / 3.35e12 = 1.71 → 2: 3 by memory
    assertThat(step(r, "GPUs by memory on H100-SXM")).isEqualTo(3);
    assertThat(step(r, "GPUs by bandwidth on H100-SXM")).isEqualTo(2);
    // L40S: 7 by bandwidth (5.72e12 / 864e9 = 6.6) in one tensor-parallel group, no NVLink
    assertThat(option(r, "L40S").gpus()).isEqualTo(7);
    assertThat(option(r, "L40S").fits()).isFalse();
    // A100: 3 by memory and 3 by bandwidth (5.72e12 / 2.039e12 = 2.8); 3 · 0.714 $/GPU-h is
    // the cheapest that fits
    assertThat(r.referenceGpuModel()).isEqualTo("A100-SXM");
    assertThat(r.gpus()).isEqualTo(3);
    assertThat(r.unitRequirements().acceptedGpuModels()).containsExactly("A100-SXM");
    assertThat(r.unitRequirements().minNvlinkDomainGpus()).isEqualTo(3);
    assertThat(r.storageBytes()).isEqualTo(1.4e11);
    assertThat(r.networkBitsPerSecond()).isEqualTo(1000 * 4 * 8);
  }

  @Test
  void arithmeticReadsStepByStep() {
    PlanResult r = calc.train(train7b(), NEEDED_BY, CATALOG);

    assertThat(r.arithmetic()).startsWith("1. training FLOPs: 6 · N · D = 6 · 7.000e+09"
        + " · 2.000e+11 = 8.400e+21 FLOP; 2. hours to the deadline: 30 days · 24 = 720 h;")
        .contains("; 5. GPU-hours on H100-SXM: FLOPs / (989 TFLOPS BF16 · MFU 0.4 · 3600 s)"
            + " = 5898.2137 GPU-h;");
  }
}
