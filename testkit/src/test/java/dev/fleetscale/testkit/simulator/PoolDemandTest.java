package dev.fleetscale.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolDemandTest {

  @TempDir Path dir;

  static final DemandTrace TRACE = DemandTrace.azureConversation2023();

  @Test
  void scenarioTermsAddUp() {
    Map<String, PoolDemand> pools = PoolDemand.parse("FLEETSCALE_SIM_DEMAND",
        "inference=step(at=2m,from=0.3,to=0.9)+burst(start=0s,every=10m,length=1m,extra=0.2);"
            + "training=ramp(start=0s,over=100s,from=0.2,to=1.0)", TRACE);

    PoolDemand inference = pools.get("inference");
    assertThat(inference.load(Duration.ofSeconds(30))).isCloseTo(0.5, within(1e-9)); // in the burst
    assertThat(inference.load(Duration.ofSeconds(90))).isCloseTo(0.3, within(1e-9));
    assertThat(inference.load(Duration.ofSeconds(120))).isCloseTo(0.9, within(1e-9));
    assertThat(inference.load(Duration.ofSeconds(610))).isCloseTo(1.1, within(1e-9));
    assertThat(pools.get("training").load(Duration.ofSeconds(50))).isCloseTo(0.6, within(1e-9));
    assertThat(pools.get("training").load(Duration.ofHours(1))).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void diurnalGrowthAndTraceFollowTheirShapes() {
    PoolDemand diurnal = PoolDemand.diurnal(0.6, 0.3, Duration.ofHours(24));
    assertThat(diurnal.load(Duration.ofHours(6))).isCloseTo(0.9, within(1e-9));
    assertThat(diurnal.load(Duration.ofHours(18))).isCloseTo(0.3, within(1e-9));
    assertThat(PoolDemand.growth(0.5, 0.1).load(Duration.ofDays(2))).isCloseTo(0.605, within(1e-9));
    PoolDemand trace = PoolDemand.parse("X", "inference=trace(peak=1.0)", TRACE).get("inference");
    assertThat(trace.load(Duration.ofSeconds(15))).isEqualTo(TRACE.relativeLoad(Duration.ofSeconds(15)));
  }

  @Test
  void badScenariosAreRefusedNamingTheSettingTheTermAndTheRule() {
    assertThatThrownBy(() -> PoolDemand.parse("FLEETSCALE_SIM_DEMAND", "inference=wave(load=1)", TRACE))
        .hasMessageContaining("FLEETSCALE_SIM_DEMAND: pool inference, term 'wave(load=1)': unknown kind 'wave'");
    assertThatThrownBy(() -> PoolDemand.parse("FLEETSCALE_SIM_DEMAND", "inference=step(from=0.1,to=0.2)", TRACE))
        .hasMessageContaining("at is required");
    assertThatThrownBy(() -> PoolDemand.parse("FLEETSCALE_SIM_DEMAND", "inference=constant(load=-1)", TRACE))
        .hasMessageContaining("load must be a number >= 0.0, was '-1'");
    assertThatThrownBy(() -> PoolDemand.parse("FLEETSCALE_SIM_DEMAND", "inference=constant(load=1,lod=2)", TRACE))
        .hasMessageContaining("unknown key 'lod'");
    assertThatThrownBy(() -> PoolDemand.parse("FLEETSCALE_SIM_DEMAND", "constant(load=1)", TRACE))
        .hasMessageContaining("must be pool=term");
    assertThatThrownBy(() -> PoolDemand.parse("FLEETSCALE_SIM_DEMAND", "inference=step(at=soon,from=0,to=1)", TRACE))
        .hasMessageContaining("at must be a duration");
  }

  @Test
  void theSimulatorsSettingsComeFromTheEnvironment() {
    FleetSimulator sim = FleetSimulator.fromEnvironment(dir, 6, Map.of(
        "FLEETSCALE_SIM_SPARE", "inference=1",
        "FLEETSCALE_SIM_DEMAND", "training=constant(load=0.5)"));

    FleetModel.PoolView inference = sim.model().poolView("inference");
    assertThat(inference.hosts()).isEqualTo(3);
    assertThat(inference.replicas()).isEqualTo(2);
    assertThat(inference.spare()).isEqualTo(1);
    assertThat(sim.reading()).isFalse(); // no Kafka: open loop
    sim.tick();
    assertThat(dir.resolve("sim-gpu-3.scenario")).exists();
    assertThat(dir.resolve(FleetSimulator.STATE_FILE)).content().contains("\"spare\" : 1");
    assertThat(sim.model().poolView("training").utilization()).isCloseTo(0.5, within(1e-9));

    assertThatThrownBy(() -> FleetSimulator.fromEnvironment(dir, 2, Map.of("FLEETSCALE_SIM_SPARE", "inference=2")))
        .hasMessageContaining("FLEETSCALE_SIM_SPARE: pool inference has 1 host(s), cannot keep 2 spare");
    assertThatThrownBy(() -> FleetSimulator.fromEnvironment(dir, 2, Map.of("FLEETSCALE_SIM_ADD_DELAY", "soon")))
        .hasMessageContaining("FLEETSCALE_SIM_ADD_DELAY must be a duration");
    assertThatThrownBy(() -> FleetSimulator.fromEnvironment(dir, 2, Map.of("FLEETSCALE_SIM_DEMAND", "batch=constant(load=1)")))
        .hasMessageContaining("FLEETSCALE_SIM_DEMAND: pool batch has no hosts");
    assertThatThrownBy(() -> FleetSimulator.fromEnvironment(dir, 2, Map.of("FLEETSCALE_SIM_CATALOG", "/nonexistent.yaml")))
        .hasMessageContaining("FLEETSCALE_SIM_CATALOG: no such file");
    assertThatThrownBy(() -> FleetSimulator.fromEnvironment(dir, 2, Map.of("FLEETSCALE_SIM_SKEW", "batch")))
        .hasMessageContaining("FLEETSCALE_SIM_SKEW: 'batch' is not a simulated pool");
    assertThatThrownBy(() -> FleetSimulator.fromEnvironment(dir, 4, Map.of("FLEETSCALE_SIM_SKEW", "training")))
        .hasMessageContaining("FLEETSCALE_SIM_SKEW: pool training needs at least 2 serving published hosts");
  }
}
