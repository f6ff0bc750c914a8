package dev.fleetscale.gateway.audit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * InfluxDB, from {@code fleetscale.influx.*} ({@code FLEETSCALE_INFLUX_URL},
 * {@code FLEETSCALE_INFLUX_TOKEN}, {@code FLEETSCALE_INFLUX_ORG}, {@code FLEETSCALE_INFLUX_BUCKET}),
 * as for every Fleetscale service.
 *
 * @param token API token; {@code null} or empty when the server runs without authentication.
 *     Never logged.
 */
@ConfigurationProperties("fleetscale.influx")
public record InfluxSettings(
    @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String url,
    @Nullable String token,
    @NotBlank String org,
    @NotBlank String bucket) {

  @Override
  public String toString() {
    return "InfluxSettings[url=" + url + ", token=" + (token == null || token.isEmpty() ? "none"
        : "***") + ", org=" + org + ", bucket=" + bucket + "]";
  }
}
