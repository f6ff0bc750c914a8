package dev.fleetscale.optimizer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {

  private final TraceReader reader = new TraceReader(100);

  private DemandSeries one(String csv) {
    List<DemandSeries> all = reader.read(csv, "t.csv");
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void relativeSecondsAtTenSecondsComeOutUnchanged() {
    DemandSeries s = one("timestamp,demand_gpus\n0,1.5\n10,2.5\n20,0\n30,4\n");

    assertThat(s.demandGpus()).containsExactly(1.5, 2.5, 0, 4);
    assertThat(s.startSeconds()).isZero();
    assertThat(s.absolute()).isFalse();
  }

  @Test
  void irregularSamplesAreResampledToTimeWeightedTenSecondMeans() {
    // 2 holds over [0,4), 6 over [4,25), 10 over [25,30): by hand
    // window 0: (2*4 + 6*6)/10 = 4.4; window 1: 6; window 2: (6*5 + 10*5)/10 = 8
    DemandSeries s = one("timestamp,demand_gpus\n0,2\n4,6\n25,10\n");

    assertThat(s.demandGpus()).hasSize(3);
    assertThat(s.demand(0)).isCloseTo(4.4, within(1e-9));
    assertThat(s.demand(1)).isCloseTo(6, within(1e-9));
    assertThat(s.demand(2)).isCloseTo(8, within(1e-9));
  }

  @Test
  void aWindowStartsAtAMultipleOfTenSecondsAndCountsOnlyTheTimeItHasData() {
    // first sample at 13 s: window [10,20) has data from 13 on only
    DemandSeries s = one("timestamp,demand_gpus\n13,3\n17,5\n");

    assertThat(s.startSeconds()).isEqualTo(10);
    assertThat(s.demand(0)).isCloseTo((3 * 4 + 5 * 3) / 7.0, within(1e-9));
  }

  @Test
  void rfc3339WithOffsetSpaceOrLowerCaseIsReadAsAnInstant() {
    DemandSeries s = one("timestamp,demand_gpus\n2026-01-01T01:00:05+01:00,1\n"
        + "2026-01-01 00:00:15z,3\n2026-01-01t00:00:25.5Z,5\n");

    assertThat(s.absolute()).isTrue();
    assertThat(s.startSeconds()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());
    // window 0: [5,10) 1; window 1: [10,15) 1, [15,20) 3; window 2: [20,25.5) 3, [25.5,30) 5
    assertThat(s.demand(0)).isCloseTo(1, within(1e-9));
    assertThat(s.demand(1)).isCloseTo(2, within(1e-9));
    assertThat(s.demand(2)).isCloseTo((3 * 5.5 + 5 * 4.5) / 10, within(1e-9));
  }

  @Test
  void epochSecondsAreAbsoluteAndOtherColumnsAreIgnored() {
    DemandSeries s = one("host,timestamp,note,demand_gpus\nx,1700000000,a,2\nx,1700000010,b,4\n");

    assertThat(s.absolute()).isTrue();
    assertThat(s.startSeconds()).isEqualTo(1700000000L);
    assertThat(s.demandGpus()).containsExactly(2, 4);
  }

  @Test
  void aPoolColumnGivesOneSeriesPerPoolInFirstSeenOrder() {
    List<DemandSeries> all = reader.read(
        "pool,timestamp,demand_gpus\nb,0,1\na,0,7\nb,10,2\na,10,8\n", "t.csv");

    assertThat(all).extracting(DemandSeries::name).containsExactly("t.csv/b", "t.csv/a");
    assertThat(all.get(0).demandGpus()).containsExactly(1, 2);
    assertThat(all.get(1).demandGpus()).containsExactly(7, 8);
  }

  @Test
  void blankLinesAreSkippedAndLaterLinesKeepTheirNumbers() {
    assertThatThrownBy(() -> one("timestamp,demand_gpus\n0,1\n\n20,-1\n"))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("t.csv line 4, column 2 (demand_gpus): must be a finite number >= 0"
            + " (GPU-equivalents busy), was '-1'");
  }

  @Test
  void badInputIsNamedByLineColumnAndRule() {
    assertThatThrownBy(() -> one("time,demand\n0,1\n"))
        .hasMessageStartingWith("t.csv line 1: the header must name the columns timestamp and"
            + " demand_gpus");
    assertThatThrownBy(() -> one("timestamp,demand_gpus\n0,1\nyesterday,2\n"))
        .hasMessageStartingWith("t.csv line 3, column 1 (timestamp): 'yesterday' is neither"
            + " seconds (epoch or relative) nor an RFC 3339 date-time");
    assertThatThrownBy(() -> one("timestamp,demand_gpus\n0,1\n10,lots\n"))
        .hasMessageContaining("line 3, column 2 (demand_gpus)").hasMessageContaining("'lots'");
    assertThatThrownBy(() -> one("timestamp,demand_gpus\n0,NaN\n"))
        .hasMessageContaining("line 2, column 2 (demand_gpus)");
    assertThatThrownBy(() -> one("timestamp,demand_gpus\n20,1\n10,2\n"))
        .hasMessage("t.csv line 3, column 1 (timestamp): '10' is earlier than line 2; rows must"
            + " be in time order (per pool)");
    assertThatThrownBy(() -> one("timestamp,demand_gpus\n0,1\n2026-01-01T00:00:00Z,2\n"))
        .hasMessageContaining("line 3, column 1 (timestamp)")
        .hasMessageContaining("but line 2 is numeric seconds; use one form per file");
    assertThatThrownBy(() -> one("timestamp,demand_gpus,pool\n0,1,a\n10,2\n"))
        .hasMessageContaining("line 3: 2 columns, the header has 3");
    assertThatThrownBy(() -> one("timestamp,demand_gpus,pool\n0,1,\n"))
        .hasMessage("t.csv line 2, column 3 (pool): must not be blank");
    assertThatThrownBy(() -> one("timestamp,demand_gpus,Timestamp\n0,1,2\n"))
        .hasMessageContaining("line 1: column 'timestamp' appears twice (columns 1 and 3)");
    assertThatThrownBy(() -> one("timestamp,demand_gpus\n"))
        .hasMessage("t.csv: no data rows after the header");
  }

  @Test
  void theShippedConversationSeriesIsConvertedAtTheStatedTokensPerGpuSecond() {
    List<DemandSeries> all = reader.read(TraceReader.CLASSPATH
        + "dev/fleetscale/testkit/simulator/azure-llm-inference-2023-conv-10s.csv");

    DemandSeries s = all.get(0);
    assertThat(s.windows()).isEqualTo(351);
    assertThat(s.startSeconds()).isEqualTo(Instant.parse("2023-11-16T18:15:40Z").getEpochSecond());
    // second bucket: 11363 + 1782 tokens in 10 s at 100 tokens/s per GPU
    assertThat(s.demand(1)).isCloseTo((11363 + 1782) / 10.0 / 100, within(1e-9));
  }

  @Test
  void theRawAzureTraceIsAggregatedPerTenSeconds(@TempDir Path dir) throws Exception {
    Path raw = dir.resolve("AzureLLMInferenceTrace_x.csv");
    Files.writeString(raw, "TIMESTAMP,ContextTokens,GeneratedTokens\n"
        + "2023-11-16 18:15:41.5000000,300,100\n"
        + "2023-11-16 18:15:49.9000000,500,100\n"
        + "2023-11-16 18:16:05.0000000,1000,0\n");

    DemandSeries s = new TraceReader(20).read(raw.toString()).get(0);

    // [18:15:40, 18:15:50): 1000 tokens; [18:15:50, 18:16:00): none; [18:16:00, 18:16:10): 1000
    assertThat(s.demandGpus()).containsExactly(1000 / 10.0 / 20, 0, 1000 / 10.0 / 20);
  }

  @Test
  void aMissingFileAndABadTokenRateAreRefusedByName() {
    assertThatThrownBy(() -> reader.read("/no/such/trace.csv"))
        .hasMessage("--trace /no/such/trace.csv: no such file");
    assertThatThrownBy(() -> new TraceReader(0))
        .hasMessageContaining("--tokens-per-gpu-second: must be a finite number > 0");
  }
}
