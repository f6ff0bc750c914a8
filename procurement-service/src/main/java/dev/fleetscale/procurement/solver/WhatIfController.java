package dev.fleetscale.procurement.solver;

import dev.fleetscale.procurement.catalog.CatalogStore;
import dev.fleetscale.procurement.config.ProcurementSettings;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;

/** Solves a requirement against the current catalog without storing or publishing anything. */
@Controller("/what-if")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "solver")
public class WhatIfController {

  private final CatalogStore catalogs;
  private final ProcurementSolver solver;
  private final Clock clock;

  public WhatIfController(CatalogStore catalogs, ProcurementSettings settings, Clock clock) {
    this.catalogs = catalogs;
    this.solver = settings.solver();
    this.clock = clock;
  }

  @Post
  @Operation(summary = "Cheapest mix, binding constraints, alternatives or shortfalls for a"
      + " requirement")
  public Solution solve(@Body CapacityRequirement requirement) {
    return solver.solve(catalogs.current(), requirement, LocalDate.now(clock));
  }
}
