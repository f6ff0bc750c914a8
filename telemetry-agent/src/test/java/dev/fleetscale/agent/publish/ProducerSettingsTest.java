package dev.fleetscale.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

  @Test
  void theOperatorsPropertiesOverrideTheDefaultsAndTheGuaranteesStay() {
    KafkaClientSettings client = KafkaClientSettings.of("b1:9093",
        Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd", "security.protocol", "SSL"),
        "kafka.bootstrapServers", "kafka.properties");

    Map<String, Object> config = ProducerSettings.of(client, "fleetscale-agent-h1", 30_000);

    assertThat(config)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b1:9093")
        .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "fleetscale-agent-h1")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
        .containsEntry("security.protocol", "SSL")
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
        .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
  }
}
