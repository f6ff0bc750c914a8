package dev.fleetscale.procurement.error;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Gives the framework's own errors (unknown route, unreadable body, failed validation, wrong
 * media type, uncaught exceptions) the {@link ApiError} shape instead of Micronaut's default.
 */
@Singleton
@Primary
public class ApiErrorBodyProvider implements JsonErrorResponseBodyProvider<ApiError> {

  @Override
  public ApiError body(ErrorContext context, HttpResponse<?> response) {
    List<String> details = context.getErrors().stream()
        .map(e -> e.getPath().map(p -> p + ": ").orElse("") + e.getMessage())
        .toList();
    String message = context.getErrors().stream().findFirst().map(Error::getMessage)
        .orElse(response.reason());
    return new ApiError(response.code(), response.reason(), message,
        details.size() > 1 ? details : List.of(), context.getRequest().getPath());
  }
}
