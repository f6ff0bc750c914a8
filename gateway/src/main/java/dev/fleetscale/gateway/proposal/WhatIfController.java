package dev.fleetscale.gateway.proposal;

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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What-if: the cheapest hardware mix for a requirement, solved by procurement-service without
 * storing a proposal. Operators and above: a solve takes up to the solver's time limit, so it is
 * not open to every viewer (and counts against the caller's rate limit).
 */
@Controller("/api/v1/what-if")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "proposals")
public class WhatIfController {

  private final WhatIfClient procurement;

  public WhatIfController(WhatIfClient procurement) {
    this.procurement = procurement;
  }

  @Post
  @Secured(Role.OPERATOR_NAME)
  @Audited("proposal.what-if")
  @Operation(summary = "Solve a requirement without storing it: pool and needed_by (required),"
      + " gpus, gpu_memory_gb, bf16_tflops, ssd_capacity_tb, ssd_read_gb_per_s, network_gbps,"
      + " gpu_model (procurement-service's what-if body)")
  @ApiResponse(responseCode = "400", description = "a field procurement refuses, named",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public JsonNode solve(@Body JsonNode requirement) {
    if (!requirement.isObject()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "body: must be a JSON object");
    }
    HttpResponse<JsonNode> response = procurement.solve(requirement);
    if (response.code() >= 300) {
      throw new HttpClientResponseException("procurement-service answered " + response.code(),
          response);
    }
    return response.getBody().orElseThrow(() -> new ApiException(HttpStatus.BAD_GATEWAY,
        "procurement-service answered " + response.code() + " without a body"));
  }
}
