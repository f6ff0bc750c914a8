package dev.fleetscale.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's Kafka properties file (FLEETSCALE_KAFKA_PROPERTIES_FILE): read first, the map over it. */
class KafkaPropertiesFileTest {

  private static final String SECRET = "pw-with,comma=and-quote\"";

  @TempDir Path dir;

  private Path file(String text) throws Exception {
    Path f = dir.resolve("kafka.properties");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void commaHoldingSecurityValuesComeFromTheFileAndTheMapOverridesIt() throws Exception {
    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"agent\" password=\"" + SECRET.replace("\"", "\\\\\"") + "\";";
    Path f = file("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=" + jaas.replace("\\", "\\\\") + "\nlinger.ms=5\n");

    Map<String, Object> config = KafkaClientSettings.of("b:9093", Map.of("linger.ms", "20"), f.toString(),
        "kafka.bootstrapServers", "kafka.properties", "kafka.propertiesFile").client("c").build();

    assertThat(config).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", jaas)
        .containsEntry("linger.ms", "20");
  }

  @Test
  void aFixedSettingInTheFileIsRefusedNamingTheFileNotTheValue() throws Exception {
    Path f = file("acks=1\nsasl.jaas.config=x password=\"" + SECRET + "\";\n");
    KafkaClientSettings settings = KafkaClientSettings.of("b:9093", Map.of(), f.toString(),
        "kafka.bootstrapServers", "kafka.properties", "kafka.propertiesFile");

    assertThatThrownBy(() -> settings.client("c").fixed(ProducerConfig.ACKS_CONFIG, "all").build())
        .hasMessage("kafka.propertiesFile " + f + ": acks: must not be set, this client needs it to be all"
            + " (remove it from kafka.propertiesFile " + f + ")");
    assertThat(settings.toString()).doesNotContain(SECRET);
  }

  @Test
  void aMissingFileIsAnErrorNamingTheKey() {
    assertThatThrownBy(() -> KafkaClientSettings.of("b:9093", Map.of(), dir.resolve("absent").toString(),
        "kafka.bootstrapServers", "kafka.properties", "kafka.propertiesFile"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("kafka.propertiesFile: ")
        .hasMessageContaining("absent is not a readable file");
  }

  @Test
  void bootstrapServersInTheFileIsRefused() throws Exception {
    Path f = file("bootstrap.servers=elsewhere:9092\n");
    assertThatThrownBy(() -> KafkaClientSettings.of("b:9093", null, f.toString(),
        "kafka.bootstrapServers", "kafka.properties", "kafka.propertiesFile"))
        .hasMessage("kafka.propertiesFile " + f + ": bootstrap.servers: must not be set here; set kafka.bootstrapServers instead");
  }

  @Test
  void noFileIsTheMapAlone() {
    assertThat(KafkaClientSettings.of("b:9093", Map.of("linger.ms", "7"), " ",
        "kafka.bootstrapServers", "kafka.properties", "kafka.propertiesFile").properties())
        .containsExactly(Map.entry("linger.ms", "7"));
  }
}
