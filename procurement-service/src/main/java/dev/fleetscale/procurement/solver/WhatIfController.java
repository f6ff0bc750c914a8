package dev.fleetscale.procurement.solver;

import dev.fleetscale.procurement.catalog.CatalogStore;
import dev.fleetscale.procurement.config.ProcurementSettings;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import dev.fleetscale.procurement.error.InvalidInputException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import jakarta.validation.Valid;
import java.time.LocalDate;

/** Solves a requirement against the current catalog without storing or publishing anything. */
@Controller("/what-if")
@ExecuteOn(TaskExecutors.BLOCKING)
@Validated
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
      + " requirement; 400 names each bad field and its rule")
  public Solution solve(@Valid @Body WhatIfRequest request) {
    LocalDate today = LocalDate.now(clock);
    if (request.neededBy().isBefore(today)) {
      throw new InvalidInputException("needed_by",
          "must be today or later (today is " + today + "), got '" + request.neededBy() + "'");
    }
    CapacityRequirement requirement = request.toRequirement();
    if (requirement.asksForNothing()) {
      throw new InvalidInputException("gpus, gpu_memory_gb, bf16_tflops, ssd_capacity_tb,"
          + " ssd_read_gb_per_s, network_gbps", "at least one must be greater than 0");
    }
    return solver.solve(catalogs.current(), requirement, today);
  }
}
