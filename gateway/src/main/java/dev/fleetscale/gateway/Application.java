package dev.fleetscale.gateway;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The gateway: Fleetscale's one authenticated public API. Every route but {@code /health} and the
 * metrics endpoints needs a bearer token (docs/gateway.md).
 */
@OpenAPIDefinition(
    info = @Info(
        title = "Fleetscale gateway",
        version = "0.1",
        description = "The one authenticated API: the fleet and the optimizer's decisions (from"
            + " InfluxDB), proposals and what-if (through procurement-service) and the audit log."
            + " Bearer token (or an OIDC issuer's JWT) on every route; roles viewer < operator <"
            + " approver < admin."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
