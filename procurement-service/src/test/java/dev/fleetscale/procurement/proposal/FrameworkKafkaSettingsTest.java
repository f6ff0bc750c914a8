package dev.fleetscale.procurement.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.configuration.kafka.config.AbstractKafkaConsumerConfiguration;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * micronaut-kafka's clients (the listener's consumer, the admin client) get the service's Kafka
 * settings, with the operator's {@code fleetscale.kafka.client.*} properties (dotted Kafka names)
 * last.
 */
class FrameworkKafkaSettingsTest {

  @Test
  void theListenerTakesFleetscaleSettingsAndOperatorPropertiesLast() {
    // A closed port: the listener starts and finds no broker, which is all this test needs.
    try (ApplicationContext ctx = ApplicationContext.run(Map.of(
        "fleetscale.influx.enabled", "false",
        "fleetscale.kafka.bootstrap-servers", "127.0.0.1:9",
        "fleetscale.kafka.group-id", "settings-test",
        "fleetscale.kafka.client.max.poll.records", "7",
        "fleetscale.kafka.client.max.poll.interval.ms", "60000",
        "fleetscale.kafka.client.security.protocol", "PLAINTEXT"))) {
      @SuppressWarnings("rawtypes")
      Properties config = ctx.getBean(AbstractKafkaConsumerConfiguration.class).getConfig();

      assertThat(config.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:9");
      assertThat(config.getProperty("group.id")).isEqualTo("settings-test");
      assertThat(config.getProperty("enable.auto.commit")).isEqualTo("false");
      assertThat(config.getProperty("auto.offset.reset")).isEqualTo("earliest");
      // The operator's value wins over the service's 50.
      assertThat(config.getProperty("max.poll.records")).isEqualTo("7");
      assertThat(config.getProperty("security.protocol")).isEqualTo("PLAINTEXT");
      // micronaut-kafka's own switches are not passed to the client.
      assertThat(config.stringPropertyNames()).doesNotContain("enabled", "health.enabled");
      Properties admin = ctx.getBean(KafkaDefaultConfiguration.class).getConfig();
      assertThat(admin.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:9");
      assertThat(admin.getProperty("security.protocol")).isEqualTo("PLAINTEXT");
      assertThat(admin.stringPropertyNames()).doesNotContain("enabled", "health.enabled");
      assertThat(ctx.getBean(KafkaClients.class).listenerMaxPollInterval())
          .isEqualTo(Duration.ofSeconds(60));
    }
  }
}
