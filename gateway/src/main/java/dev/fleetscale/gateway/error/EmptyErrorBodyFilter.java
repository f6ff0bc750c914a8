package dev.fleetscale.gateway.error;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;

/**
 * The one error shape for answers the framework makes without a body: Micronaut's CORS filter
 * refuses a foreign origin on a loopback server with a bare 403, for example. Such an error gets
 * an {@link ApiError} body saying what was refused. Answers with a body keep it.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class EmptyErrorBodyFilter implements Ordered {

  @Override
  public int getOrder() {
    // Inside the security headers filter (FIRST), outside everything else.
    return ServerFilterPhase.FIRST.after();
  }

  @ResponseFilter
  public void shape(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (response.code() < 400 || response.getBody().isPresent()
        || request.getMethod() == HttpMethod.HEAD) {
      return;
    }
    String reason;
    try {
      reason = HttpStatus.valueOf(response.code()).getReason();
    } catch (IllegalArgumentException e) {
      reason = response.reason();
    }
    String message = request.getHeaders().get(HttpHeaders.ORIGIN) != null
        && response.code() == 403
        ? "requests from another origin are refused (CORS is off): " + request.getHeaders()
            .get(HttpHeaders.ORIGIN)
        : reason;
    @SuppressWarnings("unchecked")
    MutableHttpResponse<Object> r = (MutableHttpResponse<Object>) response;
    r.contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new ApiError(response.code(), reason, message, List.of(), request.getPath()));
  }
}
