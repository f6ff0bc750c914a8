package dev.fleetscale.contracts;

import dev.fleetscale.contracts.actuator.PoolState;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.autoscale.ScalingMode;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.capacity.Evidence;
import dev.fleetscale.contracts.capacity.UnitRequirements;
import dev.fleetscale.contracts.deadletter.DeadLetter;
import dev.fleetscale.contracts.deadletter.OriginalHeader;
import dev.fleetscale.contracts.procurement.Alternative;
import dev.fleetscale.contracts.procurement.HardwareCategory;
import dev.fleetscale.contracts.procurement.Infeasibility;
import dev.fleetscale.contracts.procurement.LineItem;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.contracts.rebalance.GoalResult;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import dev.fleetscale.contracts.rebalance.Move;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import dev.fleetscale.contracts.telemetry.DiskSample;
import dev.fleetscale.contracts.telemetry.FilesystemSample;
import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuProcess;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostResources;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.NicKind;
import dev.fleetscale.contracts.telemetry.NicSample;
import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import dev.fleetscale.contracts.telemetry.XidEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One fully populated event of each type, for tests. */
public final class Examples {

  public static final Instant T = Instant.parse("2026-03-01T12:00:05Z");

  private Examples() {}

  public static GpuSample gpu() {
    return new GpuSample(0, "GPU-5f1c9a2e", "NVIDIA H100 80GB HBM3", "00000000:18:00.0",
        GpuHealth.OK, 87.0, 41.0, 61_203_283_968L, 24_696_254_464L, 85_899_345_920L, 612.4, 700.0,
        918_273_645_123L, 67, 1980, 2619, 1_288_490_188L, 3_221_225_472L, 0L, 2L, 0L, 0L, 0L,
        false, false, 0L, 0, 55, false,
        List.of(new GpuProcess(41873, 60_129_542_144L,
            new WorkloadRef(WorkloadKind.KUBERNETES_POD, "0d4c", "llm-train/trainer-0", "cid",
                java.util.Map.of(WorkloadRef.GANG_LABEL, "llm-train")))),
        List.of(new XidEvent(79, T)));
  }

  public static HostSample hostSample() {
    return new HostSample("gpu-node-017", "fra1", "training-h100", Map.of("rack", "r12"), 48211, T,
        5000, List.of(gpu()),
        List.of(new DiskSample("nvme0n1", 7.3e8, 1.0e8, 5600.0, 800.0, 63.5, 4.2, 0.41, 0.93)),
        List.of(new FilesystemSample("/scratch", "/dev/nvme0n1p1", "xfs", 7_681_501_126_656L,
            5_120_000_000_000L)),
        List.of(new NicSample("ib0", NicKind.INFINIBAND, 2.1e10, 1.9e10, 5.2e6, 4.7e6, 0L, 0L, 3L,
            0L, 400_000L, 42.9)),
        new HostResources(38.2, 192, 824_633_720_832L, 2_199_023_255_552L, 61.3));
  }

  public static AutoscaleDecision autoscaleDecision() {
    return new AutoscaleDecision("d-1", "inference-l40s", T, ScalingMode.PREDICTIVE, 8, 11,
        "DCGM_FI_DEV_GPU_UTIL", 91.5, 70.0, Map.of("window_avg_5m", 91.5), "above target",
        List.of("scale_up_rate"), 8, 8);
  }

  public static RebalancePlan rebalancePlan() {
    return new RebalancePlan("p-1", "training-h100", T,
        List.of(new Move("job-1", "a", "b", 2, "GpuCapacityGoal")), 0.42, 0.17,
        List.of(new GoalResult("GpuCapacityGoal", true, true, 812, null)),
        List.of(new InfeasibleGoal("RackPowerGoal", "no rack has room", "GPU_COUNT", 4.0)));
  }

  public static CapacityDemand capacityDemand() {
    return new CapacityDemand("c-1", "training-h100", CapacityResource.GPU_COUNT, 1180.0, 1090.0,
        1265.0, 1024.0, 0.85, 364.2, LocalDate.of(2026, 6, 30), T,
        new Evidence(T.minusSeconds(86_400 * 180), T, "holt-winters", "MAPE", 0.064, 4344),
        "c-0", new UnitRequirements("NVIDIA H200", 141e9, 120e9, 989.0, 1979.0, 8, 400e9,
            List.of("NVIDIA H200"), Map.of("min_memory_bytes_per_gpu",
                "peak process memory per GPU")), "forecast");
  }

  public static ProcurementProposal proposal() {
    return new ProcurementProposal("prop-1", "training-h100", List.of("c-1"),
        ProposalStatus.APPROVED, T, "alice", "within budget", "USD",
        List.of(new LineItem("srv-8xh100", HardwareCategory.COMPUTE, 46, 285000.0, 9.8, 70)),
        647.4, 1.311e7, 3.0125e7, 36, List.of("rack_power_kw"),
        List.of(new Alternative("rent", 4718.4, 0.0, 1.24e8, 9.3875e7, "dearer")),
        "cheapest", new Infeasibility("budget_capex", 1000.0, "USD"), "prop-0");
  }

  public static DeadLetter deadLetter() {
    return new DeadLetter(Topics.TELEMETRY, 3, 1_048_576, "gpu-node-017", "bad",
        "{\"x\":1}".getBytes(StandardCharsets.UTF_8),
        List.of(new OriginalHeader("ce_type", "t".getBytes(StandardCharsets.UTF_8)),
            new OriginalHeader("empty", null)),
        T, "optimizer-service/telemetry");
  }

  public static PoolState poolState() {
    return new PoolState("r-1", "inference-l40s", "fleet-simulator", T.plusSeconds(5), 11, 8, 3,
        0, 4, "d-1", T);
  }

  /** Every example, one per event type. */
  public static List<FleetEvent> all() {
    return List.of(hostSample(), autoscaleDecision(), rebalancePlan(), capacityDemand(),
        proposal(), poolState(), deadLetter());
  }
}
