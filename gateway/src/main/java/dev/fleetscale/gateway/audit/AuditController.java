package dev.fleetscale.gateway.audit;

import dev.fleetscale.gateway.security.Role;
import io.micronaut.core.annotation.Nullable;
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
import java.util.List;

/** The audit log, newest first, for admins. */
@Controller("/api/v1/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Validated
@Tag(name = "audit")
public class AuditController {

  private static final String NAME = "[A-Za-z0-9._@ /{}-]{1,200}";
  private static final String NAME_MESSAGE = "must be 1-200 letters, digits, spaces or ._@/{}-";

  private final AuditLog log;

  public AuditController(AuditLog log) {
    this.log = log;
  }

  @Get("{?principal,action,result,since,until,limit}")
  @Secured(Role.ADMIN_NAME)
  @Operation(summary = "Audit records of state-changing calls, newest first, with filters")
  public List<AuditRecord> list(
      @Nullable @QueryValue @Pattern(regexp = NAME, message = NAME_MESSAGE) String principal,
      @Nullable @QueryValue @Pattern(regexp = NAME, message = NAME_MESSAGE) String action,
      @Nullable @QueryValue @Pattern(regexp = "ok|denied|refused|failed",
          message = "must be one of [ok, denied, refused, failed]") String result,
      @Nullable @QueryValue Instant since,
      @Nullable @QueryValue Instant until,
      @QueryValue(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    return log.read(principal, action, result, since, until, limit);
  }
}
