package dev.fleetscale.optimizer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionReplayTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    DecisionReplay.Options o = DecisionReplay.Options.parse("--trace", "a.csv,b.csv",
        "--trace", "c.csv");

    assertThat(o.traces()).containsExactly("a.csv", "b.csv", "c.csv");
    assertThat(o.gpusPerHost()).isEqualTo(8);
    assertThat(o.upDelaySeconds()).isEqualTo(90);
    assertThat(o.downDelaySeconds()).isEqualTo(30);
    assertThat(o.target()).isEqualTo(0.7);
    assertThat(o.sweep()).containsExactly(0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85);
    assertThat(o.tokensPerGpuSecond()).isEqualTo(100);
    assertThat(o.predictiveLeadSeconds()).isEqualTo(90);
  }

  @Test
  void badFlagsAreNamed() {
    assertThatThrownBy(() -> DecisionReplay.Options.parse("--trace", "a", "--target", "70"))
        .hasMessageStartingWith("--target: a utilization between 0 and 1");
    assertThatThrownBy(() -> DecisionReplay.Options.parse("--trace", "a", "--gpus-per-host", "0"))
        .hasMessage("--gpus-per-host: must be >= 1, was 0");
    assertThatThrownBy(() -> DecisionReplay.Options.parse("--trace", "a",
        "--actuation-delay", "92,30"))
        .hasMessageStartingWith("--actuation-delay: must be multiples of 5 s");
    assertThatThrownBy(() -> DecisionReplay.Options.parse("--gpus-per-host", "8"))
        .hasMessageStartingWith("--trace: at least one trace is needed");
    assertThatThrownBy(() -> DecisionReplay.Options.parse("--trace", "a", "--frobnicate", "1"))
        .hasMessageStartingWith("unknown option --frobnicate");
  }

  @Test
  void curvesAreReadAtAMissShareOrAtGpuHours() {
    List<Curves.Point> curve = List.of(new Curves.Point(0.5, 100, 0.00),
        new Curves.Point(0.6, 80, 0.02), new Curves.Point(0.7, 60, 0.10));

    assertThat(Curves.gpuHoursAt(curve, 0.06)).isCloseTo(70, within(1e-9));
    assertThat(Curves.gpuHoursAt(curve, 0.02)).isEqualTo(80);
    assertThat(Curves.missAt(curve, 90)).isCloseTo(0.01, within(1e-9));
    assertThat(Curves.missAt(curve, 50)).isNaN();
  }

  @Test
  void aRunPrintsTheTableAndWritesTheCsvAndCharts(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("step.csv");
    StringBuilder csv = new StringBuilder("timestamp,demand_gpus\n");
    for (int t = 0; t < 1800; t += 10) {
      csv.append(t).append(',').append(t < 600 ? 20 : 60).append('\n');
    }
    Files.writeString(trace, csv);
    DecisionReplay.Options o = DecisionReplay.Options.parse("--trace", trace.toString(),
        "--sweep", "0.6,0.8", "--out", dir.resolve("out").toString());
    DemandSeries s = new TraceReader(o.tokensPerGpuSecond()).read(trace.toString()).get(0);

    DecisionReplay.SeriesResult r = DecisionReplay.replay(s, o);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DecisionReplay.report(new PrintStream(bytes, true, StandardCharsets.UTF_8), o, List.of(r));
    Files.createDirectories(o.out());
    DecisionReplay.writeCsv(o.out().resolve("decision-replay.csv"), o, List.of(r));
    System.setProperty("java.awt.headless", "true");
    Charts.capacity(o.out().resolve("c.png"), "t", r.atTarget());
    Charts.curves(o.out().resolve("k.png"), "t", r.curves());

    String table = bytes.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("| fleetscale-reactive |", "| fleetscale-predictive |",
        "| k8s-hpa |", "| static-peak |", "| oracle |", "| 70 % |");
    // static at the peak: ceil(60 / (0.7 x 8)) = 11 hosts for 0.5 h
    assertThat(table).contains("| static-peak | 44.0 | 100 % | 0.00 %");
    List<String> rows = Files.readAllLines(o.out().resolve("decision-replay.csv"));
    assertThat(rows).hasSize(1 + 5 * 3); // 3 targets: 0.6, 0.7 (the --target), 0.8
    assertThat(Files.size(o.out().resolve("c.png"))).isGreaterThan(1000);
    assertThat(Files.readAllBytes(o.out().resolve("k.png"))).startsWith(0x89, 'P', 'N', 'G');
  }
}
