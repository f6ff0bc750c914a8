package dev.fleetscale.gateway.console;

import dev.fleetscale.gateway.security.ApiTokenValidator;
import dev.fleetscale.gateway.security.Role;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/**
 * Who the presented token is: the console signs in with it (a token that answers 401 is refused
 * at the sign-in form) and shows only what the role may do.
 */
@Controller("/api/v1/session")
@Tag(name = "session")
public class SessionController {

  /**
   * @param name the principal's name, as recorded in the audit log and as approver
   * @param role the token's configured role
   * @param roles that role and every role below it
   */
  @Serdeable
  public record Session(String name, String role, List<String> roles) {}

  @Get
  @Secured(Role.VIEWER_NAME)
  @Operation(summary = "The principal and role of the presented token")
  public Session session(Authentication principal) {
    String role = String.valueOf(principal.getAttributes().get(ApiTokenValidator.ROLE_ATTRIBUTE));
    return new Session(principal.getName(), role, List.copyOf(principal.getRoles()));
  }
}
