package dev.fleetscale.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.autoscale.ScalingMode;
import dev.fleetscale.contracts.procurement.HardwareCategory;
import dev.fleetscale.contracts.procurement.LineItem;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.contracts.rebalance.Move;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import dev.fleetscale.testkit.simulator.FleetModel.HostState;
import dev.fleetscale.testkit.simulator.FleetModel.Outcome;
import dev.fleetscale.testkit.simulator.FleetModel.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actuation logic on a fake clock. */
class FleetModelTest {

  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  /** A clock the test moves. */
  static final class FakeClock implements InstantSource {
    Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  @TempDir Path dir;

  final FakeClock clock = new FakeClock();
  final HardwareCatalog catalog = HardwareCatalog.of(
      new HardwareCatalog.Server("example-l40s-4x", "L40S", 4, 48),
      new HardwareCatalog.Server("example-h200-sxm-8x", "H200-SXM", 8, 141));
  final FleetModel model = new FleetModel(clock, FleetModel.Settings.defaults(), catalog);

  /** Pool {@code p}: {@code serving} serving hosts and {@code spare} spare ones, 8 GPUs each. */
  void pool(String p, int serving, int spare, double load) {
    model.addPool(p, PoolDemand.constant(load));
    for (int i = 1; i <= serving + spare; i++) {
      model.addHost(p, p + "-" + i, 8, "H200-SXM", i <= serving);
    }
    model.loads(Duration.ZERO); // fixes the pool's base GPUs
  }

  static AutoscaleDecision decision(String id, String pool, int current, int desired) {
    return new AutoscaleDecision(id, pool, T0, ScalingMode.REACTIVE, current, desired,
        "DCGM_FI_DEV_GPU_UTIL", 90.0, 70.0, Map.of(), "test", List.of());
  }

  static RebalancePlan plan(String id, String pool, Move... moves) {
    return new RebalancePlan(id, pool, T0, List.of(moves), 2.0, 1.0, List.of(), List.of());
  }

  static ProcurementProposal proposal(String id, String pool, ProposalStatus status, Instant at, LineItem... items) {
    return new ProcurementProposal(id, pool, List.of("demand-1"), status, at, "alice", null, "USD",
        List.of(items), 10.0, 100_000.0, 200_000.0, 36, List.of(), List.of(), "test", null, null);
  }

  @Test
  void thePoolStateReportNamesTheLastDecisionAndWhatTheActuatorCouldRequest() {
    pool("inference", 2, 1, 0.9);
    AutoscaleDecision up = new AutoscaleDecision("d-up", "inference", T0.plusSeconds(10),
        ScalingMode.REACTIVE, 2, 5, "DCGM_FI_DEV_GPU_UTIL", 100.0, 70.0, Map.of(), "up", List.of());
    assertThat(model.accept(null, up)).isEqualTo(Outcome.APPLIED);

    var report = PoolStatePublisher.report(clock.instant(), model.poolView("inference"));
    // 5 asked for, one spare host: the actuator requests 3 and says so.
    assertThat(report.replicasRequested()).isEqualTo(3);
    assertThat(report.replicasReady()).isEqualTo(2);
    assertThat(report.replicasStarting()).isEqualTo(1);
    assertThat(report.spareHosts()).isZero();
    assertThat(report.lastDecisionId()).isEqualTo("d-up");
    assertThat(report.lastDecidedAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(report.eventId()).isEqualTo(dev.fleetscale.contracts.actuator.PoolState.idOf(
        "fleet-simulator", "inference", clock.instant()));

    // An older decision (a replay from an earlier offset) does not undo the newer one.
    AutoscaleDecision older = new AutoscaleDecision("d-old", "inference", T0, ScalingMode.REACTIVE,
        2, 2, "DCGM_FI_DEV_GPU_UTIL", 60.0, 70.0, Map.of(), "hold", List.of());
    assertThat(model.accept(null, older)).isEqualTo(Outcome.IGNORED);
    assertThat(model.poolView("inference").requested()).isEqualTo(3);
    assertThat(model.poolView("inference").lastDecisionId()).isEqualTo("d-up");
    assertThat(model.poolView("inference").counters()).containsEntry("decisions_stale", 1L);
  }

  @Test
  void aScaleUpLandsAfterTheAddDelayWithinThePoolsSpareHosts() {
    pool("inference", 2, 2, 0.9);

    assertThat(model.accept(null, decision("d1", "inference", 2, 5))).isEqualTo(Outcome.APPLIED);

    FleetModel.PoolView asked = model.poolView("inference");
    assertThat(asked.replicas()).isEqualTo(2);
    assertThat(asked.requested()).isEqualTo(4); // 2 spare hosts, not the 3 asked for
    assertThat(asked.joining()).isEqualTo(2);
    assertThat(asked.counters()).containsEntry("hosts_short", 1L);

    clock.advance(Duration.ofSeconds(89));
    model.advance();
    assertThat(model.poolView("inference").replicas()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(1));
    model.advance();
    FleetModel.PoolView landed = model.poolView("inference");
    assertThat(landed.replicas()).isEqualTo(4);
    assertThat(landed.joining()).isZero();
    assertThat(landed.spare()).isZero();
    assertThat(landed.counters()).containsEntry("hosts_joined", 2L);
  }

  @Test
  void theDemandSpreadsOverTheReplicasThePoolHasNow() {
    pool("inference", 2, 2, 0.9); // 0.9 × 16 GPUs = 14.4 busy GPU-equivalents

    assertThat(model.loads(Duration.ofSeconds(1)).get("inference-1")[0][0]).isEqualTo(0.9);
    assertThat(model.loads(Duration.ofSeconds(1)).get("inference-3")[0][0]).isZero(); // spare

    model.accept(null, decision("d1", "inference", 2, 4));
    clock.advance(Duration.ofSeconds(90));
    Map<String, double[][]> after = model.loads(Duration.ofSeconds(100));

    assertThat(after.get("inference-1")[0][0]).isEqualTo(0.45);
    assertThat(after.get("inference-4")[0][0]).isEqualTo(0.45);
    assertThat(model.poolView("inference").demandGpus()).isEqualTo(14.4);
  }

  @Test
  void aPoolShortOfGpusIsSaturated() {
    pool("inference", 1, 0, 1.5);

    assertThat(model.loads(Duration.ZERO).get("inference-1")[0][0]).isEqualTo(1.0);
    assertThat(model.poolView("inference").saturated()).isTrue();
  }

  @Test
  void aScaleDownDrainsAfterTheDrainDelayAndALowerTargetFirstCancelsJoiningHosts() {
    pool("inference", 3, 1, 0.5);

    model.accept(null, decision("up", "inference", 3, 4));
    clock.advance(Duration.ofSeconds(10));
    model.accept(null, decision("down", "inference", 3, 2));

    FleetModel.PoolView asked = model.poolView("inference");
    assertThat(asked.joining()).isZero(); // the host still joining went back to spare first
    assertThat(asked.draining()).isEqualTo(1);
    assertThat(asked.requested()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(29));
    model.advance();
    assertThat(model.poolView("inference").draining()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    model.advance();
    FleetModel.PoolView done = model.poolView("inference");
    assertThat(done.replicas()).isEqualTo(2);
    assertThat(done.spare()).isEqualTo(2);
    assertThat(done.counters()).containsEntry("hosts_drained", 1L).doesNotContainKey("hosts_joined");
  }

  @Test
  void aDecisionIsNeverAppliedTwice() {
    pool("inference", 2, 2, 0.5);

    assertThat(model.accept("ce-1", decision("d1", "inference", 2, 4))).isEqualTo(Outcome.APPLIED);
    clock.advance(Duration.ofSeconds(90));
    model.advance();
    assertThat(model.accept("ce-2", decision("d2", "inference", 4, 2))).isEqualTo(Outcome.APPLIED);
    clock.advance(Duration.ofSeconds(30));
    model.advance();
    assertThat(model.poolView("inference").replicas()).isEqualTo(2);

    // The first decision again (a replay, a second delivery): by ce_id, then by event id.
    assertThat(model.accept("ce-1", decision("d1", "inference", 2, 4))).isEqualTo(Outcome.DUPLICATE);
    assertThat(model.accept(null, decision("ce-1", "inference", 2, 4))).isEqualTo(Outcome.DUPLICATE);
    clock.advance(Duration.ofSeconds(120));
    model.advance();

    FleetModel.PoolView view = model.poolView("inference");
    assertThat(view.replicas()).isEqualTo(2);
    assertThat(view.counters()).containsEntry("autoscale_decisions", 2L).containsEntry("hosts_joined", 2L);
  }

  @Test
  void aDecisionForAPoolTheSimulatorDoesNotHaveIsIgnored() {
    pool("inference", 1, 1, 0.5);

    assertThat(model.accept(null, decision("d1", "elsewhere", 1, 2))).isEqualTo(Outcome.IGNORED);
    assertThat(model.poolView("inference").requested()).isEqualTo(1);
  }

  @Test
  void aMoveTakesTimeAndTakesTheWorkloadsUtilizationAndMemoryAlong() {
    model.addPool("training", PoolDemand.constant(0.5));
    model.addHost("training", "hot", 8, "H200-SXM", List.of(new Workload("w1", 4), new Workload("w2", 4)));
    model.addHost("training", "cool", 8, "H200-SXM", List.of(new Workload("w3", 2)));
    Map<String, double[][]> before = model.loads(Duration.ZERO);
    assertThat(busyGpus(before.get("hot"))).isEqualTo(8);
    assertThat(busyGpus(before.get("cool"))).isEqualTo(2);
    assertThat(before.get("cool")[1][5]).isZero();

    model.accept(null, plan("p1", "training", new Move("w2", "hot", "cool", 4, "spread")));
    clock.advance(Duration.ofSeconds(29));
    assertThat(busyGpus(model.loads(Duration.ofSeconds(29)).get("hot"))).isEqualTo(8);

    clock.advance(Duration.ofSeconds(1));
    Map<String, double[][]> after = model.loads(Duration.ofSeconds(30));
    assertThat(busyGpus(after.get("hot"))).isEqualTo(4);
    assertThat(busyGpus(after.get("cool"))).isEqualTo(6);
    assertThat(after.get("cool")[1][5]).isGreaterThan(FleetModel.MEMORY_RESIDENT);
    assertThat(after.get("hot")[1][5]).isZero();
    assertThat(model.host("cool").workloads()).extracting(Workload::id).containsExactly("w3", "w2");
    assertThat(model.poolView("training").counters()).containsEntry("moves_applied", 1L).containsEntry("plans_applied", 1L);
  }

  @Test
  void aPlanSupersededBeforeItFinishesIsAbandoned() {
    model.addPool("training", PoolDemand.constant(0.5));
    model.addHost("training", "a", 8, "H200-SXM", List.of(new Workload("w1", 2), new Workload("w2", 2), new Workload("w3", 2)));
    model.addHost("training", "b", 8, "H200-SXM", List.of());

    model.accept(null, plan("p1", "training",
        new Move("w1", "a", "b", 2, "spread"), new Move("w2", "a", "b", 2, "spread"), new Move("w3", "a", "b", 2, "spread")));
    clock.advance(Duration.ofSeconds(40)); // the first move is done, the second in progress
    model.advance();
    model.accept(null, plan("p2", "training"));
    clock.advance(Duration.ofMinutes(5));
    model.advance();

    assertThat(model.host("b").workloads()).extracting(Workload::id).containsExactly("w1");
    assertThat(model.poolView("training").counters())
        .containsEntry("moves_applied", 1L)
        .containsEntry("plans_abandoned", 1L)
        .containsEntry("moves_abandoned", 2L);
    assertThat(model.poolView("training").planId()).isEqualTo("p2");
  }

  @Test
  void aMoveThatNoLongerFitsIsSkipped() {
    model.addPool("training", PoolDemand.constant(0.5));
    model.addHost("training", "a", 8, "H200-SXM", List.of(new Workload("w1", 6)));
    model.addHost("training", "b", 8, "H200-SXM", List.of(new Workload("w2", 4)));

    model.accept(null, plan("p1", "training", new Move("w1", "a", "b", 6, "spread"), new Move("gone", "a", "b", 1, "x")));
    clock.advance(Duration.ofMinutes(2));
    model.advance();

    assertThat(model.host("a").workloads()).extracting(Workload::id).containsExactly("w1");
    assertThat(model.poolView("training").counters()).containsEntry("moves_skipped", 2L).doesNotContainKey("moves_applied");
  }

  @Test
  void aDeliveredProposalAddsItsServersWithTheCatalogsGpusOnce() {
    pool("inference", 2, 0, 1.2);
    LineItem servers = new LineItem("example-l40s-4x", HardwareCategory.COMPUTE, 2, 60_000.0, 5.5, 21);

    assertThat(model.accept(null, proposal("prop-1", "inference", ProposalStatus.APPROVED, T0, servers))).isEqualTo(Outcome.IGNORED);
    assertThat(model.poolView("inference").hosts()).isEqualTo(2);

    Instant delivered = T0.plusSeconds(60);
    assertThat(model.accept(null, proposal("prop-1", "inference", ProposalStatus.DELIVERED, delivered, servers))).isEqualTo(Outcome.APPLIED);
    FleetModel.PoolView pool = model.poolView("inference");
    assertThat(pool.hosts()).isEqualTo(4);
    assertThat(pool.gpus()).isEqualTo(16 + 8);
    assertThat(pool.replicas()).isEqualTo(4); // in service at once
    assertThat(pool.hostList()).filteredOn(h -> "prop-1".equals(h.deliveredBy()))
        .extracting(FleetModel.HostView::gpuModel, FleetModel.HostView::gpus)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("L40S", 4));

    // Delivered again with another time (a new ce_id): still one delivery.
    assertThat(model.accept(null, proposal("prop-1", "inference", ProposalStatus.DELIVERED, delivered.plusSeconds(1), servers)))
        .isEqualTo(Outcome.DUPLICATE);
    assertThat(model.poolView("inference").hosts()).isEqualTo(4);

    // Capacity rises: 1.2 × 16 GPUs of demand now spread over 24, the pool is no longer saturated.
    assertThat(model.poolView("inference").saturated()).isTrue();
    model.loads(Duration.ofSeconds(90));
    assertThat(model.poolView("inference").saturated()).isFalse();
    assertThat(model.poolView("inference").utilization()).isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(model.workloadByGpu("sim-gpu-1")).containsOnly("sim-gpu-1/w0").hasSize(4);
  }

  @Test
  void aDeliveredSkuMissingFromTheCatalogIsNotDelivered() {
    pool("inference", 1, 0, 0.5);

    model.accept(null, proposal("prop-2", "inference", ProposalStatus.DELIVERED, T0,
        new LineItem("no-such-sku", HardwareCategory.COMPUTE, 3, 1.0, 1.0, 1)));

    assertThat(model.poolView("inference").hosts()).isEqualTo(1);
    assertThat(model.poolView("inference").counters()).containsEntry("line_items_unknown", 1L);
  }

  @Test
  void theCatalogIsReadFromProcurementsYaml() throws Exception {
    Path yaml = Files.writeString(dir.resolve("catalog.yaml"), """
        servers:
          - sku: big
            gpu_model: H200-SXM
            gpus_per_server: 8
            gpu_memory_gb: 141
        ssds:
          - sku: disk
            capacity_tb: 7.68
        networks:
          - sku: leaf
        cloud:
          - sku: rent-h100
            gpu_model: H100-SXM
        """);

    HardwareCatalog read = HardwareCatalog.read(yaml);

    assertThat(read.server("big")).contains(new HardwareCatalog.Server("big", "H200-SXM", 8, 141));
    assertThat(read.kind("disk")).contains(HardwareCatalog.Kind.SSD);
    assertThat(read.kind("leaf")).contains(HardwareCatalog.Kind.NETWORK);
    assertThat(read.kind("rent-h100")).contains(HardwareCatalog.Kind.CLOUD);

    Path bad = Files.writeString(dir.resolve("bad.yaml"), "servers:\n  - sku: x\n    gpu_model: A\n    gpus_per_server: 0\n");
    assertThatThrownBy(() -> HardwareCatalog.read(bad))
        .hasMessageContaining("servers[0] (x): gpus_per_server must be a whole number > 0");
  }

  @Test
  void theShippedCatalogReads() {
    Path shipped = Path.of("../procurement-service/src/main/resources/catalog/default-catalog.yaml");
    HardwareCatalog read = HardwareCatalog.read(shipped);

    assertThat(read.server("example-h200-sxm-8x")).map(HardwareCatalog.Server::gpus).contains(8);
    assertThat(read.server("example-l40s-4x")).map(HardwareCatalog.Server::gpuModel).contains("L40S");
  }

  private static int busyGpus(double[][] host) {
    int n = 0;
    for (double l : host[0]) {
      if (l > 0) {
        n++;
      }
    }
    return n;
  }
}
