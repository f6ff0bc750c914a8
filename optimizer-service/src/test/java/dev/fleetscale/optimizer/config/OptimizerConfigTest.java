package dev.fleetscale.optimizer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.runtime.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerConfigTest {

  @Test
  void defaultsAreHpasDefaultsAndWorkForTheLocalStack() {
    OptimizerConfig config = OptimizerMain.load(null, Map.of());

    assertThat(config.kafkaClient().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.scaling().tolerance()).isEqualTo(0.1);
    assertThat(config.scaling().scaleUp().stabilizationWindow()).isEqualTo(Duration.ZERO);
    assertThat(config.scaling().scaleDown().stabilizationWindow())
        .isEqualTo(Duration.ofSeconds(300));
    assertThat(config.scaling().predictive()).isFalse();
    assertThat(config.influx().toString()).contains("token=***");
    assertThat(config.forecast().ssdBandwidthPerDevice("any-pool")).isEqualTo(3e9);
    assertThat(config.membershipHorizon()).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void aMembershipHorizonShorterThanOneWindowIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> OptimizerMain.load(null,
        Map.of("FLEETSCALE_WINDOWS_MEMBERSHIP_HORIZON_MS", "5000")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("windows.membershipHorizonMs: must be >= 10000 (one 10 s window), was 5000");
    assertThat(OptimizerMain.load(null, Map.of("FLEETSCALE_WINDOWS_MEMBERSHIP_HORIZON_MS",
        "10000")).membershipHorizon()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void ssdBandwidthPerDeviceIsOverriddenByEnvironmentAndPerPoolInTheFile() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("optimizer", ".yaml");
    try {
      java.nio.file.Files.writeString(file,
          "forecast:\n  ssdBandwidthByPool:\n    training-a: 6000000000\n");

      OptimizerConfig config = OptimizerMain.load(file, Map.of(
          "FLEETSCALE_FORECAST_SSD_BANDWIDTH_BYTES_PER_SECOND_PER_DEVICE", "2500000000"));

      assertThat(config.forecast().ssdBandwidthPerDevice("training-a")).isEqualTo(6e9);
      assertThat(config.forecast().ssdBandwidthPerDevice("inference-b")).isEqualTo(2.5e9);
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void environmentOverridesAndSecretsStayOutOfToString() {
    OptimizerConfig config = OptimizerMain.load(null, Map.of(
        "FLEETSCALE_AUTOSCALE_TARGET", "55.5",
        "FLEETSCALE_AUTOSCALE_PREDICTIVE_LEAD_SECONDS", "120",
        "FLEETSCALE_INFLUX_TOKEN", "s3cret"));

    assertThat(config.scaling().target()).isEqualTo(55.5);
    assertThat(config.scaling().predictiveLead()).isEqualTo(Duration.ofSeconds(120));
    assertThat(new String(config.influx().token())).isEqualTo("s3cret");
    assertThat(config.influx().toString()).doesNotContain("s3cret");
  }

  @Test
  void predictiveQuantileAndDrainDelayAreConfigured() {
    OptimizerConfig defaults = OptimizerMain.load(null, Map.of());
    OptimizerConfig set = OptimizerMain.load(null, Map.of(
        "FLEETSCALE_AUTOSCALE_PREDICTIVE_QUANTILE", "0.9",
        "FLEETSCALE_AUTOSCALE_DRAIN_SECONDS", "45"));

    assertThat(defaults.scaling().predictiveQuantile()).isEqualTo(0.95);
    assertThat(defaults.scaling().drainDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(set.scaling().predictiveQuantile()).isEqualTo(0.9);
    assertThat(set.scaling().drainDelay()).isEqualTo(Duration.ofSeconds(45));
    assertThatThrownBy(() -> OptimizerMain.load(null,
        Map.of("FLEETSCALE_AUTOSCALE_PREDICTIVE_QUANTILE", "1.5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("predictiveQuantile must be in (0, 1], was 1.5");
    assertThatThrownBy(() -> OptimizerMain.load(null,
        Map.of("FLEETSCALE_AUTOSCALE_DRAIN_SECONDS", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("autoscale.drainSeconds");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> OptimizerMain.load(null, Map.of("FLEETSCALE_AUTOSCALE_TARGET", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("autoscale.target");
    assertThatThrownBy(() -> OptimizerMain.load(null,
        Map.of("FLEETSCALE_AUTOSCALE_REPLICAS", "PODS")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("autoscale.replicas");
    assertThatThrownBy(() -> OptimizerMain.load(null,
        Map.of("FLEETSCALE_FORECAST_TARGET_UTILIZATION", "1.5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("forecast.targetUtilization");
    assertThatThrownBy(() -> OptimizerMain.load(null, Map.of("FLEETSCALE_HTTP_PORT", "70000")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
  }

  @Test
  void theInfluxTokenAndKafkaSecurityComeFromFilesNamedByFileVariables() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("optimizer-secrets");
    try {
      java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("token"), "t0ken-from-file\n");
      java.nio.file.Path kafka = java.nio.file.Files.writeString(dir.resolve("kafka.properties"),
          "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");

      OptimizerConfig config = OptimizerMain.load(null, Map.of(
          "FLEETSCALE_INFLUX_TOKEN_FILE", token.toString(),
          "FLEETSCALE_KAFKA_PROPERTIES_FILE", kafka.toString()));

      assertThat(new String(config.influx().token())).isEqualTo("t0ken-from-file");
      assertThat(config.influx().toString()).doesNotContain("t0ken");
      assertThat(config.kafkaClient().properties()).containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
      assertThatThrownBy(() -> OptimizerMain.load(null, Map.of(
          "FLEETSCALE_INFLUX_TOKEN", "direct", "FLEETSCALE_INFLUX_TOKEN_FILE", token.toString())))
          .isInstanceOf(ConfigException.class)
          .hasMessage("influx.tokenFile: set either influx.token or influx.tokenFile, not both");
      assertThatThrownBy(() -> OptimizerMain.load(null, Map.of(
          "FLEETSCALE_INFLUX_TOKEN_FILE", dir.resolve("absent").toString())))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("influx.tokenFile: ");
    } finally {
      try (var files = java.nio.file.Files.list(dir)) {
        for (java.nio.file.Path f : files.toList()) {
          java.nio.file.Files.delete(f);
        }
      }
      java.nio.file.Files.delete(dir);
    }
  }
}
