package dev.fleetscale.contracts.capacity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Objects;

/**
 * What a forecast rests on.
 *
 * @param historyFrom start of the history fitted
 * @param historyTo end of the history fitted
 * @param model model name and parameters, e.g. "holt-winters(alpha=0.3,beta=0.1,season=7d)"
 * @param fitErrorMetric how fitError is measured, e.g. "MAPE"
 * @param fitError the model's error on held-out history (for MAPE a fraction: 0.08 = 8 %)
 * @param sampleCount points in the history
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evidence(
    Instant historyFrom,
    Instant historyTo,
    String model,
    String fitErrorMetric,
    double fitError,
    long sampleCount) {
  public Evidence {
    Objects.requireNonNull(historyFrom, "historyFrom");
    Objects.requireNonNull(historyTo, "historyTo");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(fitErrorMetric, "fitErrorMetric");
  }
}
