package dev.fleetscale.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.runtime.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  @Test
  void securityIsPassedThroughAsConfiguration() {
    Map<String, Object> props = KafkaSettings.from(new JsonObject()
        .put("bootstrapServers", "b1:9093,b2:9093")
        .put("properties", new JsonObject().put("security.protocol", "SASL_SSL").put("sasl.mechanism", "SCRAM-SHA-512")));

    assertThat(props).containsEntry("bootstrap.servers", "b1:9093,b2:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }

  @Test
  void aBootstrapWithoutPortIsRejected() {
    assertThatThrownBy(() -> KafkaSettings.from(new JsonObject().put("bootstrapServers", "broker")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("kafka.bootstrapServers: 'broker' is not host:port");
  }
}
