package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.procurement.error.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;

/** Proposals and their lifecycle. Thin: every rule lives in {@link ProposalService}. */
@Controller("/proposals")
@ExecuteOn(TaskExecutors.BLOCKING)
@Validated
@Tag(name = "proposals")
public class ProposalController {

  private final ProposalService service;

  public ProposalController(ProposalService service) {
    this.service = service;
  }

  @Get
  @Operation(summary = "List proposals, newest first, optionally by pool and status")
  public List<TrackedProposal> list(@Nullable @QueryValue String pool,
      @Nullable @QueryValue ProposalStatus status) {
    return service.list(pool, status);
  }

  @Get("/{id}")
  @Operation(summary = "One proposal with its status history")
  @ApiResponse(responseCode = "404", description = "no such proposal",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public TrackedProposal get(@PathVariable String id) {
    return service.get(id);
  }

  @Post("/{id}/approve")
  @Operation(summary = "PROPOSED → APPROVED; reason required")
  @ApiResponse(responseCode = "409", description = "not allowed in the current status",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public TrackedProposal approve(@PathVariable String id, @Valid @Body Decision decision) {
    return service.transition(id, ProposalStatus.APPROVED, decision.by(),
        requireReason(decision));
  }

  @Post("/{id}/reject")
  @Operation(summary = "PROPOSED → REJECTED; reason required")
  @ApiResponse(responseCode = "409", description = "not allowed in the current status",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public TrackedProposal reject(@PathVariable String id, @Valid @Body Decision decision) {
    return service.transition(id, ProposalStatus.REJECTED, decision.by(),
        requireReason(decision));
  }

  @Post("/{id}/order")
  @Operation(summary = "APPROVED → ORDERED")
  @ApiResponse(responseCode = "409", description = "not allowed in the current status",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public TrackedProposal order(@PathVariable String id, @Valid @Body Decision decision) {
    return service.transition(id, ProposalStatus.ORDERED, decision.by(), decision.reason());
  }

  @Post("/{id}/deliver")
  @Operation(summary = "ORDERED → DELIVERED; announced on fleet.proposals.v1 for the forecast")
  @ApiResponse(responseCode = "409", description = "not allowed in the current status",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public TrackedProposal deliver(@PathVariable String id, @Valid @Body Decision decision) {
    return service.transition(id, ProposalStatus.DELIVERED, decision.by(), decision.reason());
  }

  @Post("/{id}/expire")
  @Operation(summary = "PROPOSED or APPROVED → EXPIRED")
  @ApiResponse(responseCode = "409", description = "not allowed in the current status",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public TrackedProposal expire(@PathVariable String id, @Valid @Body Decision decision) {
    return service.transition(id, ProposalStatus.EXPIRED, decision.by(), decision.reason());
  }

  private static String requireReason(Decision d) {
    if (d.reason() == null || d.reason().isBlank()) {
      throw new IllegalArgumentException("reason: is required to approve or reject");
    }
    return d.reason();
  }
}
