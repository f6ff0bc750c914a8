package dev.fleetscale.procurement.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * Kafka connection, from {@code fleetscale.kafka.*} (environment: {@code
 * FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS}, {@code FLEETSCALE_KAFKA_GROUP_ID}, {@code FLEETSCALE_KAFKA_ENABLED}).
 * Security settings (TLS, SASL) go under {@code fleetscale.kafka.client.*} and are passed to the
 * clients as they are, e.g. {@code fleetscale.kafka.client.security.protocol=SASL_SSL}.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param groupId consumer group of the demand consumer
 * @param enabled false to run without Kafka (what-if solving and the API only)
 */
@ConfigurationProperties("fleetscale.kafka")
public record KafkaSettings(
    @NotBlank String bootstrapServers,
    @Bindable(defaultValue = "procurement-service") @NotBlank String groupId,
    @Bindable(defaultValue = "true") boolean enabled) {}
