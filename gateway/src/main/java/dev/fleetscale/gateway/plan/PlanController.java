package dev.fleetscale.gateway.plan;

import dev.fleetscale.gateway.audit.Audited;
import dev.fleetscale.gateway.error.ApiError;
import dev.fleetscale.gateway.error.ApiException;
import dev.fleetscale.gateway.security.Role;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;

/**
 * Model plans, through procurement-service (a thin proxy: procurement sizes and validates).
 * Submitting a plan raises capacity demands, as a forecast does, so it needs {@code operator};
 * a what-if changes nothing and needs {@code viewer}.
 */
@Controller("/api/v1/plans")
@ExecuteOn(TaskExecutors.BLOCKING)
@Validated
@Tag(name = "plans")
public class PlanController {

  private final PlanClient procurement;

  public PlanController(PlanClient procurement) {
    this.procurement = procurement;
  }

  @Post
  @Secured(Role.OPERATOR_NAME)
  @Audited("plan.submit")
  @Operation(summary = "Size a train or serve plan, raise its capacity demands and show the"
      + " arithmetic and the mix; 400 names each bad field and its rule")
  @ApiResponse(responseCode = "400", description = "a field breaks its rule",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public JsonNode submit(@NotNull @Body JsonNode plan) {
    return body(procurement.submit(plan));
  }

  @Post("/what-if")
  @Secured(Role.VIEWER_NAME)
  @Operation(summary = "Size a train or serve plan and show its demands and mix without raising"
      + " them")
  @ApiResponse(responseCode = "400", description = "a field breaks its rule",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public JsonNode whatIf(@NotNull @Body JsonNode plan) {
    return body(procurement.whatIf(plan));
  }

  private static JsonNode body(HttpResponse<JsonNode> response) {
    if (response.code() >= 300) {
      // as for proposals: an error answer is thrown, and its status and message pass through
      throw new HttpClientResponseException("procurement-service answered " + response.code(),
          response);
    }
    return response.getBody().orElseThrow(() -> new ApiException(HttpStatus.BAD_GATEWAY,
        "procurement-service answered " + response.code() + " without a body"));
  }
}
