package dev.fleetscale.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

  private static final String BOOTSTRAP = "kafka.bootstrapServers";
  private static final String PROPERTIES = "kafka.properties";

  @Test
  void operatorPropertiesAreAppliedLastOverTheClientsDefaults() {
    KafkaClientSettings settings = KafkaClientSettings.of("b1:9093,b2:9093",
        Map.of(ProducerConfig.LINGER_MS_CONFIG, "20", CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL"),
        BOOTSTRAP, PROPERTIES);

    Map<String, Object> config = settings.client("agent-1")
        .defaultValue(ProducerConfig.LINGER_MS_CONFIG, 0)
        .defaultValue(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .fixed(ProducerConfig.ACKS_CONFIG, "all")
        .build();

    assertThat(config)
        .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "b1:9093,b2:9093")
        .containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "agent-1")
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
  }

  @Test
  void theOperatorMayRenameTheClient() {
    Map<String, Object> config = KafkaClientSettings.of("b:9092",
            Map.of(CommonClientConfigs.CLIENT_ID_CONFIG, "site-a"), BOOTSTRAP, PROPERTIES)
        .client("fleetscale-optimizer").build();

    assertThat(config).containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "site-a");
  }

  @Test
  void anOperatorPropertyThatWouldBreakAFixedSettingIsRefusedByName() {
    KafkaClientSettings settings = KafkaClientSettings.of("b:9092",
        Map.of(ProducerConfig.ACKS_CONFIG, "1"), BOOTSTRAP, PROPERTIES);

    assertThatThrownBy(() -> settings.client("c").fixed(ProducerConfig.ACKS_CONFIG, "all").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafka.properties.acks: must not be set, this client needs it to be all"
            + " (remove it from kafka.properties)");
  }

  @Test
  void anOperatorPropertyThatRepeatsAFixedSettingIsAccepted() {
    KafkaClientSettings settings = KafkaClientSettings.of("b:9092", Map.of(
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "TRUE",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()), BOOTSTRAP, PROPERTIES);

    Map<String, Object> config = settings.client("c")
        .fixed(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .fixed(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class)
        .build();

    assertThat(config).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "TRUE")
        .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
  }

  @Test
  void bootstrapServersAmongThePropertiesAreRefused() {
    assertThatThrownBy(() -> KafkaClientSettings.of("b:9092",
            Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "other:9092"), BOOTSTRAP, PROPERTIES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafka.properties.bootstrap.servers: must not be set here; set kafka.bootstrapServers instead");
  }

  @Test
  void aNestedPropertyMapIsRefusedByName() {
    assertThatThrownBy(() -> KafkaClientSettings.of("b:9092",
            Map.of("security", Map.of("protocol", "SSL")), BOOTSTRAP, PROPERTIES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafka.properties.security: must be one value; write the client property's full name"
            + " as the key (security.protocol)");
  }

  @Test
  void aBootstrapWithoutPortIsRejectedByName() {
    assertThatThrownBy(() -> KafkaClientSettings.of("b:9092,broker", Map.of(), BOOTSTRAP, PROPERTIES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafka.bootstrapServers: 'broker' is not host:port");
    assertThatThrownBy(() -> KafkaClientSettings.of(" ", null, BOOTSTRAP, PROPERTIES))
        .hasMessage("kafka.bootstrapServers: must be host:port[,host:port...], was  ");
  }

  @Test
  void eachBuildIsAFreshMapAndTheSettingsShowNoValues() {
    KafkaClientSettings settings = KafkaClientSettings.of("b:9092",
        Map.of("sasl.jaas.config", "secret-jaas"), BOOTSTRAP, PROPERTIES);
    Map<String, Object> first = settings.client("c").build();
    first.put("extra", 1);

    assertThat(settings.client("c").build()).doesNotContainKey("extra");
    assertThat(settings.toString()).contains("sasl.jaas.config").doesNotContain("secret-jaas");
  }
}
