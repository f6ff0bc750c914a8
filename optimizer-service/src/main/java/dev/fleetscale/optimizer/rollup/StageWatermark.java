package dev.fleetscale.optimizer.rollup;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Objects;

/**
 * INTERNAL (like {@link HostWindowSummary}): the host stage's promise, sent to every partition of
 * the internal topic, that every host of one telemetry partition has sent its summaries of all 10
 * s windows ending at or before {@code closedUpTo}. A pool window closes when every telemetry
 * partition has promised it, so its content does not depend on how partitions interleave (a
 * catch-up after an outage decides exactly what live processing would have). Record header {@value
 * #HEADER} = {@value #KIND} tells it apart from summaries.
 *
 * @param sourcePartition the telemetry partition
 * @param sourcePartitions how many partitions the telemetry topic has
 * @param closedUpTo windows ending at or before this are complete for that partition
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StageWatermark(int sourcePartition, int sourcePartitions, Instant closedUpTo) {

  public static final String HEADER = "fleetscale-internal-kind";
  public static final String KIND = "watermark";

  public StageWatermark {
    Objects.requireNonNull(closedUpTo, "closedUpTo");
  }
}
