package dev.fleetscale.gateway.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;

/** Builds {@link ApiError} answers. */
public final class ApiErrors {

  private ApiErrors() {}

  public static MutableHttpResponse<ApiError> response(HttpRequest<?> request, int status,
      String reason, String message, List<String> details) {
    return HttpResponse.<ApiError>status(HttpStatus.valueOf(status))
        .body(new ApiError(status, reason, message, details, request.getPath()));
  }

  public static MutableHttpResponse<ApiError> response(HttpRequest<?> request, HttpStatus status,
      String message) {
    return response(request, status.getCode(), status.getReason(), message, List.of());
  }

  /** 400 with one problem per entry, each {@code field: rule}. */
  public static MutableHttpResponse<ApiError> badRequest(HttpRequest<?> request,
      List<String> problems) {
    return response(request, 400, HttpStatus.BAD_REQUEST.getReason(), String.join("; ", problems),
        problems);
  }
}
