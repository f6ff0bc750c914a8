package dev.fleetscale.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.runtime.config.ConfigException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  @Test
  void securityIsPassedThroughAsConfiguration() {
    KafkaClientSettings settings = KafkaSettings.from(new JsonObject()
        .put("bootstrapServers", "b1:9093,b2:9093")
        .put("properties", new JsonObject().put("security.protocol", "SASL_SSL").put("sasl.mechanism", "SCRAM-SHA-512")));

    assertThat(settings.client("svc").build()).containsEntry("bootstrap.servers", "b1:9093,b2:9093")
        .containsEntry("client.id", "svc")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }

  @Test
  void aBootstrapWithoutPortIsRejected() {
    assertThatThrownBy(() -> KafkaSettings.from(new JsonObject().put("bootstrapServers", "broker")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("kafka.bootstrapServers: 'broker' is not host:port");
  }

  @Test
  void bootstrapServersAmongThePropertiesAreRejectedByName() {
    assertThatThrownBy(() -> KafkaSettings.from(new JsonObject().put("bootstrapServers", "b:9092")
            .put("properties", new JsonObject().put("bootstrap.servers", "c:9092"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("kafka.properties.bootstrap.servers: must not be set here; set kafka.bootstrapServers instead");
  }
}
