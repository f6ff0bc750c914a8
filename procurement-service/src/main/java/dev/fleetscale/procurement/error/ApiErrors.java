package dev.fleetscale.procurement.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;

/** Builds {@link ApiError} responses. */
public final class ApiErrors {

  private ApiErrors() {}

  public static MutableHttpResponse<ApiError> response(HttpRequest<?> request, HttpStatus status,
      String message, List<String> details) {
    return HttpResponse.<ApiError>status(status)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new ApiError(status.getCode(), status.getReason(), message, details,
            request.getPath()));
  }
}
