package dev.fleetscale.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {

  @TempDir Path dir;

  @Test
  void traceSumsTokensPerBucketAndRepeats() throws Exception {
    Path csv = Files.writeString(dir.resolve("trace.csv"), """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:15:46.6805900,100,50
        2023-11-16 18:15:48.0000000,40,10
        2023-11-16 18:15:57.1000000,900,100
        """);

    DemandTrace trace = DemandTrace.read(csv, Duration.ofSeconds(10));

    assertThat(trace.buckets()).isEqualTo(2);
    assertThat(trace.tokensPerSecond(Duration.ofSeconds(3))).isEqualTo(20.0); // (150 + 50) / 10 s
    assertThat(trace.tokensPerSecond(Duration.ofSeconds(15))).isEqualTo(100.0);
    assertThat(trace.tokensPerSecond(Duration.ofSeconds(23))).isEqualTo(20.0); // wrapped around
    assertThat(trace.relativeLoad(Duration.ofSeconds(15))).isEqualTo(1.0);
  }

  @Test
  void aBrokenLineIsNamed() throws Exception {
    Path csv = Files.writeString(dir.resolve("bad.csv"), "TIMESTAMP,ContextTokens,GeneratedTokens\nyesterday,1,2\n");

    assertThatThrownBy(() -> DemandTrace.read(csv, Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void hostFollowsLoadAndAccumulatesEnergy() {
    SimulatedHost host = new SimulatedHost("sim-gpu-1", 7);

    Map<String, String> idle = host.advance(0.0, 1.0).values();
    Map<String, String> busy = host.advance(1.0, 1.0).values();

    assertThat(idle).containsEntry("device.0.utilization.gpu", "0");
    assertThat(Integer.parseInt(busy.get("device.0.utilization.gpu"))).isGreaterThan(70);
    assertThat(Long.parseLong(busy.get("device.3.power_mw"))).isGreaterThan(Long.parseLong(idle.get("device.3.power_mw")));
    assertThat(Long.parseLong(busy.get("device.3.energy_mj"))).isGreaterThan(Long.parseLong(idle.get("device.3.energy_mj")));
    assertThat(busy.get("device.0.uuid")).isNotEqualTo(new SimulatedHost("sim-gpu-2", 7).advance(1.0, 1.0).values().get("device.0.uuid"));
  }

  @Test
  void scenarioFileIsWrittenForTheStub() {
    Path file = new SimulatedHost("sim-gpu-3", 1).advance(0.5, 1.0).writeTo(dir.resolve("sim-gpu-3.scenario"));

    assertThat(file).exists().content().contains("device.7.uuid=").contains("driver_version=550.54.15");
  }
}
