package dev.fleetscale.procurement.proposal;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import dev.fleetscale.procurement.config.InfluxSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** The InfluxDB client, closed with the application context. */
@Factory
@Requires(property = "fleetscale.influx.enabled", notEquals = "false")
class InfluxClientFactory {

  @Singleton
  @Bean(preDestroy = "close")
  InfluxDBClient influxClient(InfluxSettings settings) {
    // A server without authentication ignores the token; the client still wants one.
    char[] token = settings.token() == null || settings.token().isEmpty()
        ? "no-token".toCharArray() : settings.token().toCharArray();
    return InfluxDBClientFactory.create(settings.url(), token, settings.org(), settings.bucket());
  }
}
