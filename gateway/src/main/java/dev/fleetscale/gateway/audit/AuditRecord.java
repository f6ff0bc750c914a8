package dev.fleetscale.gateway.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;

/**
 * One state-changing call, as written to {@code gateway_audit}.
 *
 * @param time when the gateway answered
 * @param principal the token's configured name; {@code anonymous} without a valid token
 * @param role the token's configured role; {@code none} without a valid token
 * @param action what was asked, e.g. {@code proposal.approve}
 * @param target what it was asked of, e.g. the proposal id; empty when none
 * @param address the caller's address
 * @param method the HTTP method
 * @param path the request path
 * @param status the HTTP status answered
 * @param result {@code ok} (2xx), {@code denied} (401, 403), {@code refused} (other 4xx) or
 *     {@code failed} (5xx)
 * @param message the error message for an answer that was not 2xx
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record AuditRecord(Instant time, String principal, String role, String action,
    String target, String address, String method, String path, int status, String result,
    @Nullable String message) {

  static String result(int status) {
    if (status >= 200 && status < 300) {
      return "ok";
    }
    if (status == 401 || status == 403) {
      return "denied";
    }
    return status < 500 ? "refused" : "failed";
  }
}
