package dev.fleetscale.procurement;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Starts the procurement service. Configuration: application.yml, then FLEETSCALE_* variables. */
@OpenAPIDefinition(
    info = @Info(
        title = "Fleetscale procurement-service",
        version = "0.1",
        description = "Cost-optimal hardware proposals for forecast capacity shortfalls, and their"
            + " approval lifecycle."))
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
