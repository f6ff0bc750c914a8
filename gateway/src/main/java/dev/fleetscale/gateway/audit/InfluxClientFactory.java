package dev.fleetscale.gateway.audit;

import com.influxdb.client.InfluxDBClient;
import dev.fleetscale.contracts.influx.InfluxClients;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The InfluxDB client, created through contracts' InfluxClients, closed with the context. */
@Factory
class InfluxClientFactory {

  @Singleton
  @Bean(preDestroy = "close")
  InfluxDBClient influxClient(InfluxSettings settings) {
    return InfluxClients.create(settings.url(), settings.effectiveToken(), settings.org(), settings.bucket());
  }
}
