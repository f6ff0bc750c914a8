package dev.fleetscale.gateway.proposal;

import dev.fleetscale.gateway.error.ApiException;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.tree.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * The review rules the gateway adds to procurement's lifecycle.
 *
 * <p>The raiser of a proposal is the {@code by} of its first history entry (status PROPOSED).
 * procurement-service has no other "raised by": today its solver raises every proposal from a
 * forecast demand ({@code solver}), so the rule refuses a principal whose configured name is the
 * raiser's. It holds as soon as people or other services raise proposals under their own names.
 */
final class RaiserRule {

  private RaiserRule() {}

  static String requireReason(DecisionRequest body, String action) {
    if (body.reason() == null || body.reason().isBlank()) {
      throw new ApiException(HttpStatus.BAD_REQUEST,
          "reason: must not be blank (required to " + action + ")");
    }
    return body.reason();
  }

  static void refuseRaiser(JsonNode proposal, String principal, String action) {
    raiser(proposal).filter(r -> r.toLowerCase(Locale.ROOT)
            .equals(principal.toLowerCase(Locale.ROOT)))
        .ifPresent(r -> {
          throw new ApiException(HttpStatus.FORBIDDEN,
              principal + " raised this proposal and may not " + action + " it: an approver"
                  + " decides only on proposals someone else raised");
        });
  }

  /** The {@code by} of the first PROPOSED entry of the proposal's history, if any. */
  static Optional<String> raiser(JsonNode proposal) {
    JsonNode history = proposal.get("history");
    if (history == null || !history.isArray()) {
      return Optional.empty();
    }
    for (JsonNode change : history.values()) {
      JsonNode status = change.get("status");
      JsonNode by = change.get("by");
      if (status != null && status.isString() && "PROPOSED".equals(status.getStringValue())
          && by != null && by.isString()) {
        return Optional.of(by.getStringValue());
      }
    }
    return Optional.empty();
  }
}
