package dev.fleetscale.procurement.config;

import dev.fleetscale.contracts.secrets.SecretFile;
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
 * @param tokenFile a file holding only the token ({@code FLEETSCALE_INFLUX_TOKEN_FILE}: a mounted
 *     Secret, a systemd credential), instead of {@code token}; not both
 * @param enabled false to keep proposals in memory only (tests, demos)
 */
@ConfigurationProperties("fleetscale.influx")
public record InfluxSettings(
    @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String url,
    @Nullable String token,
    @Nullable String tokenFile,
    @NotBlank String org,
    @NotBlank String bucket,
    @Bindable(defaultValue = "true") boolean enabled) {

  /**
   * The token to send: the file's content when {@code tokenFile} is set, else {@code token}.
   *
   * @throws IllegalArgumentException naming the key when both are set or the file is unreadable
   */
  public String effectiveToken() {
    return SecretFile.valueOrFile("fleetscale.influx.token", token, "fleetscale.influx.token-file",
        tokenFile);
  }

  @Override
  public String toString() {
    return "InfluxSettings[url=" + url + ", token=" + (token == null || token.isEmpty() ? "none"
        : "***") + ", tokenFile=" + tokenFile + ", org=" + org + ", bucket=" + bucket + ", enabled=" + enabled + "]";
  }
}
