package dev.fleetscale.procurement.plan;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.procurement.catalog.CatalogStore;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import dev.fleetscale.procurement.config.ProcurementSettings;
import dev.fleetscale.procurement.error.InvalidInputException;
import dev.fleetscale.procurement.proposal.RequirementMapper;
import dev.fleetscale.procurement.solver.ProcurementSolver;
import dev.fleetscale.procurement.solver.Solution;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Model plans: a training run or a model to serve, sized against the catalog, turned into
 * capacity demands and solved like any other. {@code POST /plans} submits the demands ({@link
 * DemandSink}); {@code POST /plans/what-if} only shows them and their mix.
 */
@Controller("/plans")
@ExecuteOn(TaskExecutors.BLOCKING)
@Validated
@Tag(name = "plans")
public class PlanController {

  private final CatalogStore catalogs;
  private final ProcurementSolver solver;
  private final PlanCalculator calculator;
  private final DemandSink sink;
  private final Clock clock;

  public PlanController(CatalogStore catalogs, ProcurementSettings settings, DemandSink sink,
      Clock clock) {
    this.catalogs = catalogs;
    this.solver = settings.solver();
    this.calculator = new PlanCalculator(solver.horizonHours());
    this.sink = sink;
    this.clock = clock;
  }

  @Post
  @Operation(summary = "Size a model plan, submit its capacity demands (to the capacity-demand"
      + " topic) and show the arithmetic and the mix; 400 names each bad field and its rule")
  public PlanResponse submit(@Valid @Body PlanRequest request) {
    Sized s = size(request);
    List<String> submitted = s.demands.stream().map(sink::submit).toList();
    return new PlanResponse(s.planId, s.result, s.demands, submitted, s.solution);
  }

  @Post("/what-if")
  @Operation(summary = "Size a model plan and show its demands and mix without submitting them")
  public PlanResponse whatIf(@Valid @Body PlanRequest request) {
    Sized s = size(request);
    return new PlanResponse(s.planId, s.result, s.demands,
        s.demands.stream().map(d -> "not submitted").toList(), s.solution);
  }

  private record Sized(String planId, PlanResult result, List<CapacityDemand> demands,
      Solution solution) {}

  private Sized size(PlanRequest request) {
    LocalDate today = LocalDate.now(clock);
    if ((request.train() == null) == (request.serve() == null)) {
      throw new InvalidInputException("train, serve", "exactly one must be given");
    }
    if (request.neededBy().isBefore(today)) {
      throw new InvalidInputException("needed_by",
          "must be today or later (today is " + today + "), got '" + request.neededBy() + "'");
    }
    if (request.train() != null && !request.train().deadline().isAfter(request.neededBy())) {
      throw new InvalidInputException("train.deadline", "must be after needed_by ("
          + request.neededBy() + "), got '" + request.train().deadline() + "'");
    }
    HardwareCatalog catalog = catalogs.current();
    PlanResult result = request.train() != null
        ? calculator.train(request.train(), request.neededBy(), catalog)
        : calculator.serve(request.serve(), catalog);
    if (result.referenceGpuModel() == null) {
      throw new InvalidInputException(request.train() != null ? "train" : "serve",
          "no catalog GPU model can run this plan: " + result.options().stream()
              .map(o -> o.gpuModel() + " (" + String.join("; ", o.breaks()) + ")")
              .reduce((a, b) -> a + ", " + b).orElse("the catalog has no servers"));
    }
    String planId = PlanDemands.planId(request);
    List<CapacityDemand> demands = PlanDemands.of(planId, request, result, clock.instant());
    Solution solution = solver.solve(catalog,
        RequirementMapper.toRequirement(request.pool(), demands), today);
    return new Sized(planId, result, demands, solution);
  }
}
