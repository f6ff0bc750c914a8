package dev.fleetscale.gateway.metrics;

import dev.fleetscale.contracts.metrics.PrometheusNaming;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Applies contracts' {@link PrometheusNaming} (the Prometheus naming rules every service follows)
 * to this service's registry: micronaut-micrometer applies every {@link MeterFilter} and {@link
 * MeterBinder} bean, so the rules are given as beans.
 */
@Factory
public class PrometheusConventions {

  @Singleton
  MeterFilter prometheusNames() {
    return PrometheusNaming.names();
  }

  @Singleton
  MeterFilter noNanosecondCpuTime() {
    return PrometheusNaming.noNanosecondCpuTime();
  }

  @Singleton
  MeterFilter snakeCaseClientTag() {
    return PrometheusNaming.snakeCaseClientTag();
  }

  @Singleton
  MeterBinder processCpuSeconds() {
    return PrometheusNaming::bindProcessCpuSeconds;
  }
}
