package dev.fleetscale.gateway.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The one JSON shape of every error answer of the gateway, the same as procurement-service's.
 *
 * @param status HTTP status code
 * @param error HTTP reason phrase, e.g. {@code Conflict}
 * @param message what went wrong, for a person; names the field for invalid input
 * @param details each problem when there are several; may be empty
 * @param path the gateway's request path
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiError(int status, String error, String message, List<String> details,
    String path) {

  public ApiError {
    details = details == null ? List.of() : List.copyOf(details);
  }
}
