package dev.fleetscale.gateway.upstream;

import dev.fleetscale.contracts.ServiceToken;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;

/**
 * Sends the shared service token ({@code fleetscale.gateway.service-token}, {@code
 * FLEETSCALE_GATEWAY_SERVICE_TOKEN}) on every call to procurement-service, which then answers only
 * the gateway (its {@code fleetscale.procurement.service-token}; the optimizer's read API takes the
 * same token as {@code http.serviceToken}).
 */
@ClientFilter(serviceId = "procurement")
@Requires(property = "fleetscale.gateway.service-token", pattern = ".+")
public class ServiceTokenClientFilter {

  private final String token;

  public ServiceTokenClientFilter(@Value("${fleetscale.gateway.service-token}") String token) {
    this.token = token;
  }

  @RequestFilter
  public void sign(MutableHttpRequest<?> request) {
    request.header(ServiceToken.HEADER, token);
  }
}
