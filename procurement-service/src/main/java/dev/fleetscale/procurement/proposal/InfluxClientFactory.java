package dev.fleetscale.procurement.proposal;

import com.influxdb.client.InfluxDBClient;
import dev.fleetscale.contracts.influx.InfluxClients;
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
    // An empty token sends no Authorization header (InfluxClients' rule, the same in every service).
    return InfluxClients.create(settings.url(), settings.effectiveToken(), settings.org(), settings.bucket());
  }
}
