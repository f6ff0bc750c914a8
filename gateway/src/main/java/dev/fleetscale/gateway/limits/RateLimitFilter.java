package dev.fleetscale.gateway.limits;

import dev.fleetscale.gateway.error.ApiErrors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import java.time.Duration;

/**
 * 429 with {@code Retry-After} (whole seconds, at least 1) when a principal's requests exceed its
 * bucket ({@link TokenBuckets}). Runs after micronaut-security's filter, so the principal is known
 * and a request without a valid token has been answered 401 already; it covers every route under
 * {@code /api} and {@code /openapi}.
 */
@ServerFilter({"/api/**", "/openapi"})
public class RateLimitFilter implements Ordered {

  private final RateLimitSettings settings;
  private final TokenBuckets buckets;

  public RateLimitFilter(RateLimitSettings settings, TokenBuckets buckets) {
    this.settings = settings;
    this.buckets = buckets;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> limit(HttpRequest<?> request) {
    if (!settings.enabled()) {
      return null;
    }
    String principal = request.getUserPrincipal(Authentication.class)
        .map(Authentication::getName).orElse(null);
    if (principal == null) {
      return null;
    }
    Duration wait = buckets.take(principal);
    if (wait.isZero()) {
      return null;
    }
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return ApiErrors.response(request, HttpStatus.TOO_MANY_REQUESTS,
            "rate limit: " + settings.requestsPerSecond() + " requests per second (burst "
                + settings.burst() + ") per token; retry after " + seconds + " s")
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
  }
}
