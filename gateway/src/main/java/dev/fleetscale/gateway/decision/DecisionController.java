package dev.fleetscale.gateway.decision;

import dev.fleetscale.gateway.error.ApiException;
import dev.fleetscale.gateway.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/** The optimizer's autoscale decisions and rebalance plans, newest first, for viewers. */
@Controller("/api/v1/decisions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Validated
@Tag(name = "decisions")
public class DecisionController {

  static final String NAME = "[A-Za-z0-9][A-Za-z0-9._:-]{0,199}";

  private final DecisionReader reader;

  public DecisionController(DecisionReader reader) {
    this.reader = reader;
  }

  @Get("{?pool,kind,from,to,limit,offset}")
  @Secured(Role.VIEWER_NAME)
  @Operation(summary = "Autoscale decisions and rebalance plans, newest first, each with its"
      + " reason, inputs and outcome; filters pool, kind, from/to (ISO-8601 instants, inclusive);"
      + " paging by limit (1-500, default 50) and offset (0-10000), next_offset for the next page")
  public DecisionPage list(
      @Nullable @QueryValue @Pattern(regexp = NAME, message = "must be 1-200 letters, digits or"
          + " ._:- (starting with a letter or digit)") String pool,
      @Nullable @QueryValue @Pattern(regexp = "autoscale|rebalance",
          message = "must be one of [autoscale, rebalance]") String kind,
      @Nullable @QueryValue Instant from,
      @Nullable @QueryValue Instant to,
      @QueryValue(defaultValue = "50") @Min(1) @Max(500) int limit,
      @QueryValue(defaultValue = "0") @Min(0) @Max(10_000) int offset) {
    if (from != null && to != null && from.isAfter(to)) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "from: must not be after to");
    }
    return reader.page(pool, kind, from, to, limit, offset);
  }
}
