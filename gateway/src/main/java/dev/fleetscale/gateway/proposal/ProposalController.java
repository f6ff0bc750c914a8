package dev.fleetscale.gateway.proposal;

import dev.fleetscale.gateway.audit.Audited;
import dev.fleetscale.gateway.error.ApiError;
import dev.fleetscale.gateway.error.ApiException;
import dev.fleetscale.gateway.proposal.ProcurementClient.ProcurementDecision;
import dev.fleetscale.gateway.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Proposals, through procurement-service. Reading needs {@code viewer}; approving and rejecting
 * need {@code approver} and a reason, and are refused to the proposal's raiser; ordering (the
 * second step of the review, where money is spent) needs {@code approver} and a reason (e.g. the
 * purchase order); recording a delivery needs {@code operator}. The decision is recorded with
 * the authenticated principal's name.
 */
@Controller("/api/v1/proposals")
@ExecuteOn(TaskExecutors.BLOCKING)
@Validated
@Tag(name = "proposals")
public class ProposalController {

  static final String ID_RULE = "[A-Za-z0-9][A-Za-z0-9-]{0,63}";
  static final String ID_MESSAGE = "must be a proposal id (1-64 letters, digits and -)";

  private final ProcurementClient procurement;

  public ProposalController(ProcurementClient procurement) {
    this.procurement = procurement;
  }

  @Get("{?pool,status}")
  @Secured(Role.VIEWER_NAME)
  @Operation(summary = "Proposals with their history, newest first, optionally by pool and status")
  public JsonNode list(@Nullable @QueryValue @Size(max = 200) String pool,
      @Nullable @QueryValue @Size(max = 40) String status) {
    return body(procurement.list(pool, status));
  }

  @Get("/{id}")
  @Secured(Role.VIEWER_NAME)
  @Operation(summary = "One proposal: line items, cost breakdown, binding constraints,"
      + " alternatives, the demands it answers, and its history")
  @ApiResponse(responseCode = "404", description = "no such proposal",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public JsonNode get(@PathVariable @Pattern(regexp = ID_RULE, message = ID_MESSAGE) String id) {
    return body(procurement.get(id));
  }

  @Post("/{id}/approve")
  @Secured(Role.APPROVER_NAME)
  @Audited("proposal.approve")
  @Operation(summary = "PROPOSED → APPROVED; reason required; not by the proposal's raiser")
  @ApiResponse(responseCode = "409", description = "not allowed in the current status",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public JsonNode approve(@PathVariable @Pattern(regexp = ID_RULE, message = ID_MESSAGE) String id,
      @NotNull @Valid @Body DecisionRequest body, Authentication principal) {
    String reason = RaiserRule.requireReason(body, "approve");
    RaiserRule.refuseRaiser(body(procurement.get(id)), principal.getName(), "approve");
    return body(procurement.transition(id, "approve",
        new ProcurementDecision(principal.getName(), reason)));
  }

  @Post("/{id}/reject")
  @Secured(Role.APPROVER_NAME)
  @Audited("proposal.reject")
  @Operation(summary = "PROPOSED → REJECTED; reason required; not by the proposal's raiser")
  @ApiResponse(responseCode = "409", description = "not allowed in the current status",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public JsonNode reject(@PathVariable @Pattern(regexp = ID_RULE, message = ID_MESSAGE) String id,
      @NotNull @Valid @Body DecisionRequest body, Authentication principal) {
    String reason = RaiserRule.requireReason(body, "reject");
    RaiserRule.refuseRaiser(body(procurement.get(id)), principal.getName(), "reject");
    return body(procurement.transition(id, "reject",
        new ProcurementDecision(principal.getName(), reason)));
  }

  @Post("/{id}/order")
  @Secured(Role.APPROVER_NAME)
  @Audited("proposal.order")
  @Operation(summary = "APPROVED → ORDERED, the second step of the review; reason required"
      + " (e.g. the purchase order)")
  @ApiResponse(responseCode = "409", description = "not allowed in the current status",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public JsonNode order(@PathVariable @Pattern(regexp = ID_RULE, message = ID_MESSAGE) String id,
      @NotNull @Valid @Body DecisionRequest body, Authentication principal) {
    String reason = RaiserRule.requireReason(body, "order");
    return body(procurement.transition(id, "order",
        new ProcurementDecision(principal.getName(), reason)));
  }

  @Post("/{id}/deliver")
  @Secured(Role.OPERATOR_NAME)
  @Audited("proposal.deliver")
  @Operation(summary = "ORDERED → DELIVERED; reason optional")
  @ApiResponse(responseCode = "409", description = "not allowed in the current status",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public JsonNode deliver(@PathVariable @Pattern(regexp = ID_RULE, message = ID_MESSAGE) String id,
      @Nullable @Valid @Body DecisionRequest body, Authentication principal) {
    return body(procurement.transition(id, "deliver",
        new ProcurementDecision(principal.getName(), body == null ? null : body.reason())));
  }

  private static JsonNode body(HttpResponse<JsonNode> response) {
    if (response.code() >= 300) {
      // The declarative client answers a 404 instead of throwing it: handled as every other one.
      throw new HttpClientResponseException("procurement-service answered " + response.code(),
          response);
    }
    return response.getBody().orElseThrow(() -> new ApiException(HttpStatus.BAD_GATEWAY,
        "procurement-service answered " + response.code() + " without a body"));
  }
}
