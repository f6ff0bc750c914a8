package dev.fleetscale.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsAloneAreTheConfiguration() {
    JsonObject config = ServiceConfig.load("demo", null, Map.of());

    assertThat(config.getJsonObject("sample").getInteger("intervalMs")).isEqualTo(1000);
    assertThat(config.getJsonObject("kafka").getString("bootstrapServers")).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void fileOverridesDefaultsAndKeepsTheRest() throws Exception {
    Path file = Files.writeString(dir.resolve("demo.yaml"), "sample:\n  intervalMs: 250\nlabels:\n  rack: r12\n");

    JsonObject config = ServiceConfig.load("demo", file, Map.of());

    assertThat(config.getJsonObject("sample").getInteger("intervalMs")).isEqualTo(250);
    assertThat(config.getJsonObject("sample").getBoolean("enabled")).isTrue();
    assertThat(config.getJsonObject("labels").getString("rack")).isEqualTo("r12");
  }

  @Test
  void environmentOverridesFileWithTheDefaultsType() throws Exception {
    Path file = Files.writeString(dir.resolve("demo.yaml"), "sample:\n  intervalMs: 250\n");

    JsonObject config = ServiceConfig.load("demo", file, Map.of(
        "FLEETSCALE_SAMPLE_INTERVAL_MS", "5000",
        "FLEETSCALE_SAMPLE_ENABLED", "false",
        "FLEETSCALE_SAMPLE_RATIO", "0.75",
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", "10.0.0.1:9093",
        "FLEETSCALE_LABELS", "pool=h200,rack=r7",
        "FLEETSCALE_TAGS", "a, b",
        "UNRELATED", "x"));

    assertThat(config.getJsonObject("sample").getInteger("intervalMs")).isEqualTo(5000);
    assertThat(config.getJsonObject("sample").getBoolean("enabled")).isFalse();
    assertThat(config.getJsonObject("sample").getDouble("ratio")).isEqualTo(0.75);
    assertThat(config.getJsonObject("kafka").getString("bootstrapServers")).isEqualTo("10.0.0.1:9093");
    assertThat(config.getJsonObject("labels").getMap()).containsEntry("pool", "h200").containsEntry("rack", "r7");
    assertThat(config.getJsonArray("tags").getList()).containsExactly("a", "b");
  }

  @Test
  void envNamesFollowTheDottedPathInUpperSnakeCase() {
    assertThat(ServiceConfig.envName("kafka.bootstrapServers")).isEqualTo("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS");
    assertThat(ServiceConfig.envName("sample.intervalMs")).isEqualTo("FLEETSCALE_SAMPLE_INTERVAL_MS");
    assertThat(ServiceConfig.envName("hostId")).isEqualTo("FLEETSCALE_HOST_ID");
  }

  @Test
  void anUnknownKeyInTheFileIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("demo.yaml"), "sample:\n  intervalMillis: 250\n");

    assertThatThrownBy(() -> ServiceConfig.load("demo", file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sample.intervalMillis: unknown key")
        .hasMessageContaining("intervalMs");
  }

  @Test
  void aBadNumberInTheEnvironmentNamesTheVariable() {
    assertThatThrownBy(() -> ServiceConfig.load("demo", null, Map.of("FLEETSCALE_SAMPLE_INTERVAL_MS", "fast")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("FLEETSCALE_SAMPLE_INTERVAL_MS")
        .hasMessageContaining("must be a number, was fast");
  }

  @Test
  void brokenYamlAndMissingFilesAreReported() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "sample: [unclosed\n");

    assertThatThrownBy(() -> ServiceConfig.load("demo", broken, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> ServiceConfig.load("demo", dir.resolve("absent.yaml"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not found");
    assertThatThrownBy(() -> ServiceConfig.load("nosuchservice", null, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nosuchservice.defaults.yaml");
  }

  @Test
  void aMalformedPropertyMapIsRefusedWithoutEchoingItsSecret() {
    String jaas = "sasl.jaas.config=ScramLoginModule required username=\"a\" password=\"pw,with-comma\";";
    assertThatThrownBy(() -> ServiceConfig.load("demo", null, Map.of("FLEETSCALE_KAFKA_PROPERTIES", jaas)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("FLEETSCALE_KAFKA_PROPERTIES (kafka.properties): expected key=value pairs")
        .hasMessageContaining("FLEETSCALE_KAFKA_PROPERTIES_FILE")
        .hasMessageNotContaining("with-comma");
  }
}
