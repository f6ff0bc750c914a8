package dev.fleetscale.procurement.security;

import dev.fleetscale.contracts.ServiceToken;
import dev.fleetscale.procurement.error.ApiErrors;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;

/**
 * With {@code fleetscale.procurement.service-token} set ({@code
 * FLEETSCALE_PROCUREMENT_SERVICE_TOKEN}), procurement's REST API answers only calls carrying it in
 * {@link ServiceToken#HEADER}: the gateway's, which checks who the caller is and records the
 * approver. {@code /health}, {@code /metrics} and {@code /prometheus} stay open for probes and
 * scrapers. Without the setting the API is open (the default, listening on 127.0.0.1).
 */
@ServerFilter({"/proposals/**", "/proposals", "/what-if", "/catalog", "/swagger/**"})
@Requires(property = "fleetscale.procurement.service-token", pattern = ".+")
public class ServiceTokenFilter {

  private final String token;

  public ServiceTokenFilter(@Value("${fleetscale.procurement.service-token}") String token) {
    this.token = token;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    if (ServiceToken.matches(token, request.getHeaders().get(ServiceToken.HEADER))) {
      return null;
    }
    return ApiErrors.response(request, HttpStatus.UNAUTHORIZED, "procurement-service answers"
        + " only the gateway: " + ServiceToken.HEADER + " missing or wrong", List.of());
  }
}
