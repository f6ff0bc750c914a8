package dev.fleetscale.procurement.proposal;

import io.micronaut.configuration.kafka.config.AbstractKafkaConfiguration;
import io.micronaut.configuration.kafka.config.AbstractKafkaConsumerConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.util.Properties;

/**
 * Gives micronaut-kafka's client configurations the service's settings, so that the framework's
 * clients read {@code fleetscale.kafka.*} like the rest of the service and nothing needs setting
 * twice: the listener's consumer gets {@link KafkaClients#listenerConsumerConfig}, the framework's
 * default configuration (its admin client) {@link KafkaClients#commonConfig}; operator properties
 * ({@code fleetscale.kafka.client.*}) last in both. micronaut-kafka copies every {@code kafka.*}
 * property into its clients, its own switches ({@code kafka.enabled}, {@code kafka.health.*})
 * included; those are removed here.
 */
@Singleton
@Requires(property = "fleetscale.kafka.enabled", notEquals = "false")
class FrameworkKafkaSettings implements BeanCreatedEventListener<AbstractKafkaConfiguration<?, ?>> {

  private final KafkaClients clients;

  FrameworkKafkaSettings(KafkaClients clients) {
    this.clients = clients;
  }

  @Override
  public AbstractKafkaConfiguration<?, ?> onCreated(
      BeanCreatedEvent<AbstractKafkaConfiguration<?, ?>> event) {
    AbstractKafkaConfiguration<?, ?> configuration = event.getBean();
    Properties properties = configuration.getConfig();
    properties.keySet().removeIf(k -> k.equals("enabled") || k.toString().startsWith("health."));
    properties.putAll(configuration instanceof AbstractKafkaConsumerConfiguration<?, ?>
        ? clients.listenerConsumerConfig() : clients.commonConfig());
    return configuration;
  }
}
