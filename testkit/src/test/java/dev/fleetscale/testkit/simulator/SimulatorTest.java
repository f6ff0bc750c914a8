package dev.fleetscale.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
  void theShippedAzureSeriesCoversTheTraceHourIn10sBuckets() {
    TraceSeries series = TraceSeries.resource(TraceSeries.AZURE_CONV_2023);

    // The conversation trace: 19,366 requests from 18:15:46 to 19:14:08 on 2023-11-16.
    assertThat(series.bucket()).isEqualTo(Duration.ofSeconds(10));
    assertThat(series.buckets()).hasSize(351);
    assertThat(series.requests()).isEqualTo(19_366);
    assertThat(series.buckets().get(0).start()).isEqualTo(Instant.parse("2023-11-16T18:15:40Z"));
    assertThat(series.buckets().get(350).start()).isEqualTo(Instant.parse("2023-11-16T19:14:00Z"));
    assertThat(TraceSeries.class.getClassLoader().getResource("dev/fleetscale/testkit/simulator/ATTRIBUTION.md")).isNotNull();

    DemandTrace demand = DemandTrace.azureConversation2023();
    assertThat(demand.buckets()).isEqualTo(351);
    assertThat(demand.length()).isEqualTo(Duration.ofSeconds(3510));
    assertThat(demand.source()).isEqualTo(TraceSeries.AZURE_CONV_2023);
  }

  @Test
  void aggregationCountsRequestsAndTokensPerBucketAndKeepsEmptyBuckets() throws Exception {
    Path raw = Files.writeString(dir.resolve("raw.csv"), """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:15:46.6805900,100,50
        2023-11-16 18:15:49.9999999,40,10
        2023-11-16 18:16:10.0000000,900,100
        """);

    TraceSeries series = TraceSeries.aggregate(raw, Duration.ofSeconds(10));

    assertThat(series.buckets()).containsExactly(
        new TraceSeries.Bucket(Instant.parse("2023-11-16T18:15:40Z"), 2, 140, 60),
        new TraceSeries.Bucket(Instant.parse("2023-11-16T18:15:50Z"), 0, 0, 0),
        new TraceSeries.Bucket(Instant.parse("2023-11-16T18:16:00Z"), 0, 0, 0),
        new TraceSeries.Bucket(Instant.parse("2023-11-16T18:16:10Z"), 1, 900, 100));
    StringWriter csv = new StringWriter();
    series.write(csv);
    assertThat(csv.toString()).startsWith(TraceSeries.HEADER + "\n2023-11-16T18:15:40Z,2,140,60\n");
    Path written = Files.writeString(dir.resolve("series.csv"), csv.toString());
    assertThat(TraceSeries.read(written).buckets()).isEqualTo(series.buckets());
    assertThat(DemandTrace.of(TraceSeries.read(written)).tokensPerSecond(Duration.ofSeconds(35))).isEqualTo(100.0);
  }

  @Test
  void aSeriesWithAGapIsRefusedNamingTheLineAndTheRule() throws Exception {
    Path csv = Files.writeString(dir.resolve("gap.csv"), TraceSeries.HEADER + """

        2023-11-16T18:15:40Z,1,10,1
        2023-11-16T18:15:50Z,1,10,1
        2023-11-16T18:16:10Z,1,10,1
        """);

    assertThatThrownBy(() -> TraceSeries.read(csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 4")
        .hasMessageContaining("bucket_start_utc must advance by PT10S");
  }

  @Test
  void theSimulatorPlaysTheShippedSeriesUnlessToldOtherwise() throws Exception {
    assertThat(FleetSimulator.demand(null).source()).isEqualTo(TraceSeries.AZURE_CONV_2023);
    assertThat(FleetSimulator.demand(" ").buckets()).isEqualTo(351);

    Path raw = Files.writeString(dir.resolve("raw.csv"), "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:41,10,0\n2023-11-16 18:15:51,20,0\n");
    assertThat(FleetSimulator.demand(raw.toString()).buckets()).isEqualTo(2);
    assertThatThrownBy(() -> FleetSimulator.demand(dir.resolve("missing.csv").toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FLEETSCALE_SIM_TRACE: no such file");
    Path other = Files.writeString(dir.resolve("other.csv"), "time,value\n");
    assertThatThrownBy(() -> FleetSimulator.demand(other.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FLEETSCALE_SIM_TRACE")
        .hasMessageContaining("must start with the header");
  }

  @Test
  void theInferencePoolIsTheFirstHalfRoundedUpAsTheRunScriptLabelsIt() {
    assertThat(FleetSimulator.inInferencePool(2, 5)).isTrue();
    assertThat(FleetSimulator.inInferencePool(3, 5)).isFalse();
    assertThat(FleetSimulator.inInferencePool(0, 1)).isTrue();
    assertThat(FleetSimulator.inInferencePool(1, 4)).isTrue();
    assertThat(FleetSimulator.inInferencePool(2, 4)).isFalse();
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
