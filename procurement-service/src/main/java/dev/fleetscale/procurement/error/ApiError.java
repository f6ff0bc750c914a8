package dev.fleetscale.procurement.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The one JSON shape of every error answer, whatever raised it.
 *
 * @param status HTTP status code
 * @param error HTTP reason phrase, e.g. {@code Conflict}
 * @param message what went wrong, for a person
 * @param details each problem when there are several (e.g. every bad catalog field); may be empty
 * @param path the request path
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiError(int status, String error, String message, List<String> details,
    String path) {

  public ApiError {
    details = List.copyOf(details);
  }
}
