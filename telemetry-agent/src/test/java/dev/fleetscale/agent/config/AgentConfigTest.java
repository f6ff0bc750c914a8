package dev.fleetscale.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.runtime.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsWorkForTheLocalStackAndTheHostIdIsTheHostname() {
    AgentConfig config = AgentConfig.load(null, Map.of(), () -> "gpu-node-07");
    assertThat(config.hostId()).isEqualTo("gpu-node-07");
    assertThat(config.intervalMs()).isEqualTo(1000);
    assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.httpPort()).isEqualTo(9400);
    assertThat(config.nvmlLibrary()).isNull();
    assertThat(config.kernel().proc()).isEqualTo(Path.of("/proc"));
    assertThat(config.mountsFile()).isEqualTo(Path.of("/proc/self/mounts"));
    assertThat(config.nicExclude().matcher("veth1a2b").matches()).isTrue();
    assertThat(config.nicExclude().matcher("eth0").matches()).isFalse();
    assertThat(config.diskExclude().matcher("loop3").matches()).isTrue();
    assertThat(config.diskExclude().matcher("nvme0n1").matches()).isFalse();
    assertThat(config.filesystemTypes()).contains("xfs", "ext4").doesNotContain("tmpfs", "overlay");
    assertThat(config.diskMaxBytesPerSecond()).isEqualTo(32e9);
  }

  @Test
  void theDiskBandwidthBoundComesFromTheEnvironmentAndMustBePositive() {
    assertThat(AgentConfig.load(null, Map.of("FLEETSCALE_DISKS_MAX_BYTES_PER_SECOND", "7000000000"), () -> "h")
        .diskMaxBytesPerSecond()).isEqualTo(7e9);
    assertThatThrownBy(() -> AgentConfig.load(null, Map.of("FLEETSCALE_DISKS_MAX_BYTES_PER_SECOND", "0"), () -> "h"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("disks.maxBytesPerSecond: must be a positive number of bytes per second, was 0");
  }

  @Test
  void fileAndEnvironmentOverrideDefaults() throws Exception {
    Path file = Files.writeString(dir.resolve("agent.yaml"), """
        host:
          id: h100-a
          pool: training
          labels:
            rack: r12
        sample:
          intervalMs: 500
        kafka:
          properties:
            security.protocol: SSL
        """);
    AgentConfig config = AgentConfig.load(file, Map.of(
        "FLEETSCALE_SAMPLE_INTERVAL_MS", "200",
        "FLEETSCALE_NVML_LIBRARY", "/usr/lib64/libnvidia-ml.so.1"), () -> "ignored");
    assertThat(config.hostId()).isEqualTo("h100-a");
    assertThat(config.pool()).isEqualTo("training");
    assertThat(config.labels()).containsExactly(Map.entry("rack", "r12"));
    assertThat(config.intervalMs()).isEqualTo(200);
    assertThat(config.kafka().properties()).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
    assertThat(config.nvmlLibrary()).isEqualTo("/usr/lib64/libnvidia-ml.so.1");
  }

  @Test
  void aNegativeIntervalFailsNamingTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "sample:\n  intervalMs: -5\n");
    assertThatThrownBy(() -> AgentConfig.load(file, Map.of(), () -> "h"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("sample.intervalMs: must be between 10 and 3600000, was -5");
  }

  @Test
  void anInvalidRegularExpressionFailsNamingTheKey() {
    assertThatThrownBy(() -> AgentConfig.load(null, Map.of("FLEETSCALE_NICS_EXCLUDE", "eth[0"), () -> "h"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("nics.exclude: not a valid regular expression");
  }

  @Test
  void aKafkaPropertyThatWouldBreakTheProducersOrderingFailsNamingTheKey() {
    assertThatThrownBy(() -> AgentConfig.load(null, Map.of("FLEETSCALE_KAFKA_PROPERTIES", "acks=1"), () -> "h"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("kafka.properties.acks: must not be set, this client needs it to be all"
            + " (remove it from kafka.properties)");
  }

  @Test
  void aBadBootstrapAddressFailsNamingTheKey() {
    assertThatThrownBy(() -> AgentConfig.load(null, Map.of("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", "kafka"), () -> "h"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.bootstrapServers");
  }

  @Test
  void aTooSmallSpoolFailsNamingTheKey() {
    assertThatThrownBy(() -> AgentConfig.load(null, Map.of("FLEETSCALE_SPOOL_MAX_BYTES", "1000"), () -> "h"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("spool.maxBytes:");
  }

  @Test
  void aTypoInTheFileIsAnError() throws Exception {
    Path file = Files.writeString(dir.resolve("typo.yaml"), "sample:\n  intervalMS: 500\n");
    assertThatThrownBy(() -> AgentConfig.load(file, Map.of(), () -> "h"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("sample.intervalMS: unknown key");
  }

  @Test
  void noHostIdAndNoHostnameIsAnError() {
    assertThatThrownBy(() -> AgentConfig.load(null, Map.of(), () -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("host.id:");
  }
}
