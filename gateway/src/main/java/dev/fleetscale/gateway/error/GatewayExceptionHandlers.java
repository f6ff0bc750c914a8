package dev.fleetscale.gateway.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own refusals, and procurement-service's answers passed through: its 400, 404 and
 * 409 keep their status, message and details (the path becomes the gateway's); any other failure
 * of procurement, or no answer, is 502 naming the service.
 */
final class GatewayExceptionHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayExceptionHandlers.class);

  private GatewayExceptionHandlers() {}

  @Singleton
  @Produces
  static class Refusals implements ExceptionHandler<ApiException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ApiException e) {
      return ApiErrors.response(request, e.status(), e.getMessage());
    }
  }

  @Singleton
  @Produces
  static class UpstreamAnswers
      implements ExceptionHandler<HttpClientResponseException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, HttpClientResponseException e) {
      int code = e.getStatus().getCode();
      if (code == 400 || code == 404 || code == 409) {
        return e.getResponse().getBody(Map.class).map(body -> {
          Object message = body.get("message");
          Object details = body.get("details");
          List<String> list = details instanceof List<?> l
              ? l.stream().map(String::valueOf).toList() : List.of();
          return ApiErrors.response(request, code, e.getStatus().getReason(),
              message == null ? e.getStatus().getReason() : String.valueOf(message), list);
        }).orElseGet(() -> ApiErrors.response(request, e.getStatus(), e.getMessage()));
      }
      LOG.warn("procurement-service answered {} to {} {}", code, request.getMethod(),
          request.getPath());
      return ApiErrors.response(request, HttpStatus.BAD_GATEWAY,
          "procurement-service answered " + code + " " + e.getStatus().getReason());
    }
  }

  @Singleton
  @Produces
  static class Unreachable implements ExceptionHandler<HttpClientException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, HttpClientException e) {
      LOG.warn("procurement-service unreachable for {} {}: {}", request.getMethod(),
          request.getPath(), e.getMessage());
      return ApiErrors.response(request, HttpStatus.BAD_GATEWAY,
          "procurement-service did not answer: " + e.getMessage());
    }
  }
}
