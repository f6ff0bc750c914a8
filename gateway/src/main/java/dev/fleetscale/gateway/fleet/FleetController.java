package dev.fleetscale.gateway.fleet;

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
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The fleet's latest state for viewers: pools with capacity against the forecast, hosts, GPUs
 * with their health, and idle GPUs, from the optimizer's rollups in InfluxDB ({@link FleetReader}).
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Validated
@Tag(name = "fleet")
public class FleetController {

  /** Pool and host names as the agent's configuration allows them (no quotes, no spaces). */
  static final String NAME = "[A-Za-z0-9][A-Za-z0-9._:-]{0,199}";
  static final String NAME_MESSAGE = "must be 1-200 letters, digits or ._:- (starting with a"
      + " letter or digit)";
  static final String HEALTH = "all|healthy|unhealthy";

  private final FleetReader reader;

  public FleetController(FleetReader reader) {
    this.reader = reader;
  }

  @Get("/pools{?pool}")
  @Secured(Role.VIEWER_NAME)
  @Operation(summary = "Every pool's latest 10 s window: hosts, GPUs, busy GPUs, utilization and"
      + " the other metrics, and per capacity resource the demand and capacity with the latest"
      + " forecast assessment")
  public List<PoolView> pools(
      @Nullable @QueryValue @Pattern(regexp = NAME, message = NAME_MESSAGE) String pool) {
    return reader.pools(pool);
  }

  @Get("/hosts{?pool}")
  @Secured(Role.VIEWER_NAME)
  @Operation(summary = "Every host's latest 10 s window, optionally of one pool")
  public List<HostView> hosts(
      @Nullable @QueryValue @Pattern(regexp = NAME, message = NAME_MESSAGE) String pool) {
    return reader.hosts(pool);
  }

  @Get("/gpus{?pool,host,health}")
  @Secured(Role.VIEWER_NAME)
  @Operation(summary = "Every GPU's latest values and health (state, Xid errors, ECC, remapped"
      + " rows, throttling), optionally of one pool or host, or only the healthy or unhealthy")
  public List<GpuView> gpus(
      @Nullable @QueryValue @Pattern(regexp = NAME, message = NAME_MESSAGE) String pool,
      @Nullable @QueryValue @Pattern(regexp = NAME, message = NAME_MESSAGE) String host,
      @Nullable @QueryValue @Pattern(regexp = HEALTH,
          message = "must be one of [all, healthy, unhealthy]") String health) {
    List<GpuView> gpus = reader.gpus(pool, host);
    if (health == null || health.equals("all")) {
      return gpus;
    }
    boolean healthy = health.equals("healthy");
    return gpus.stream().filter(g -> g.health().healthy() == healthy).toList();
  }

  @Get("/gpus/idle{?pool}")
  @Secured(Role.VIEWER_NAME)
  @Operation(summary = "GPUs at 0 % utilization for at least 5 minutes (fleetscale.gateway.fleet"
      + ".idle-after), as Run:ai counts idle GPUs, with how long")
  public List<IdleGpu> idle(
      @Nullable @QueryValue @Pattern(regexp = NAME, message = NAME_MESSAGE) String pool) {
    return reader.idle(pool);
  }
}
