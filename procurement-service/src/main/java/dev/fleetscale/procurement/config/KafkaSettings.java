package dev.fleetscale.procurement.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Kafka connection, from {@code fleetscale.kafka.*} (environment: {@code
 * FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS}, {@code FLEETSCALE_KAFKA_GROUP_ID}, {@code
 * FLEETSCALE_KAFKA_ENABLED}, {@code FLEETSCALE_KAFKA_RETRY_DELAY}). Security settings (TLS, SASL)
 * and client tuning go under {@code fleetscale.kafka.client.*} and are passed to the clients as
 * they are, e.g. {@code fleetscale.kafka.client.security.protocol=SASL_SSL}, or in a Java
 * properties file ({@code fleetscale.kafka.properties-file}, {@code FLEETSCALE_KAFKA_PROPERTIES_FILE},
 * read first; {@code client.*} entries override it): the place for {@code sasl.jaas.config} and
 * other values with commas or secrets.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param groupId consumer group of the demand consumer
 * @param enabled false to run without Kafka (what-if solving and the API only)
 * @param retryDelay how long the demand consumer waits before it tries a record again after a
 *     retriable failure (InfluxDB or the broker unreachable); it keeps polling meanwhile
 * @param propertiesFile Java properties file of client properties; null for none
 */
@ConfigurationProperties("fleetscale.kafka")
public record KafkaSettings(
    @NotBlank String bootstrapServers,
    @Bindable(defaultValue = "procurement-service") @NotBlank String groupId,
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "2s") @NotNull @PositiveDuration Duration retryDelay,
    @Nullable String propertiesFile) {}
