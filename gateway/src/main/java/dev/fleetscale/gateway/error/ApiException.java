package dev.fleetscale.gateway.error;

import io.micronaut.http.HttpStatus;

/** An answer the gateway refuses with, in the {@link ApiError} shape, e.g. 403 for the raiser. */
public class ApiException extends RuntimeException {

  private final HttpStatus status;

  public ApiException(HttpStatus status, String message) {
    super(message);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }
}
