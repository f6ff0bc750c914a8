package dev.fleetscale.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.pool.PoolWindow;
import dev.fleetscale.optimizer.rollup.RollupMetric;
import dev.fleetscale.optimizer.rollup.Stat;
import dev.fleetscale.optimizer.rollup.WindowSize;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerLogLinesTest {

  @Test
  void theStartLineSaysWhereItListensAndWhatItReadsWithoutTheToken() {
    OptimizerConfig config = OptimizerMain.load(null, Map.of(
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092",
        "FLEETSCALE_INFLUX_TOKEN", "s3cret-token"));

    String line = OptimizerVerticle.startedLine(config, 9402);

    assertThat(line)
        .startsWith("optimizer started: HTTP http://127.0.0.1:9402 (/health, /pools), consuming fleet.telemetry.v1 from Kafka 127.0.0.1:19092")
        .contains("writing InfluxDB " + config.influx().url() + " bucket " + config.influx().bucket())
        .doesNotContain("s3cret-token");
  }

  @Test
  void theFirstWindowLineSaysPoolSizeEndHostsGpusAndUtilization() {
    PoolWindow window = new PoolWindow("inference", "local", WindowSize.S10,
        Instant.parse("2026-12-01T23:00:10Z"),
        Map.of(RollupMetric.GPU_UTIL, new Stat.Summary(52.25, 61.0, 60.0)), 2, 16, 3, Map.of(), Map.of());

    assertThat(OptimizerVerticle.firstWindowLine(window)).isEqualTo(
        "first window of pool inference (cluster local): 10s ending 2026-12-01T23:00:10Z, 2 hosts,"
            + " 16 GPUs (3 busy), GPU utilization mean 52.3 %, max 61.0 %");
  }
}
