package dev.fleetscale.procurement.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * InfluxDB, from {@code fleetscale.influx.*} (environment: {@code FLEETSCALE_INFLUX_URL}, {@code
 * FLEETSCALE_INFLUX_TOKEN}, {@code FLEETSCALE_INFLUX_ORG}, {@code FLEETSCALE_INFLUX_BUCKET}).
 * Writes go through the v2 write API, reads are InfluxQL against the bucket (the 1.x database, or
 * a 2.x bucket with a DBRP mapping).
 *
 * @param url base URL, e.g. {@code http://127.0.0.1:8086}
 * @param token API token; {@code null} or empty when the server runs without authentication.
 *     Never logged.
 * @param enabled false to keep proposals in memory only (tests, demos)
 */
@ConfigurationProperties("fleetscale.influx")
public record InfluxSettings(
    @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String url,
    @Nullable String token,
    @NotBlank String org,
    @NotBlank String bucket,
    @Bindable(defaultValue = "true") boolean enabled) {

  @Override
  public String toString() {
    return "InfluxSettings[url=" + url + ", token=" + (token == null || token.isEmpty() ? "none"
        : "***") + ", org=" + org + ", bucket=" + bucket + ", enabled=" + enabled + "]";
  }
}
