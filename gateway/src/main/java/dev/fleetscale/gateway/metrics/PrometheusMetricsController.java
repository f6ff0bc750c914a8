package dev.fleetscale.gateway.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * Prometheus text at {@code /metrics}, the path every Fleetscale service uses (the management
 * endpoint also serves it at {@code /prometheus}). Anonymous, as {@code /prometheus} is: scrapers
 * carry no API credentials.
 */
@Controller("/metrics")
@Secured(SecurityRule.IS_ANONYMOUS)
public class PrometheusMetricsController {

  private final PrometheusMeterRegistry registry;

  public PrometheusMetricsController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Get
  @Produces("text/plain; version=0.0.4; charset=utf-8")
  public String scrape() {
    return registry.scrape();
  }
}
