package dev.fleetscale.runtime.config;

import dev.fleetscale.contracts.secrets.SecretFile;
import io.vertx.core.json.JsonObject;

/**
 * A secret setting of a Vert.x service, given directly ({@code influx.token},
 * {@code FLEETSCALE_INFLUX_TOKEN}) or, better, as a file ({@code influx.tokenFile},
 * {@code FLEETSCALE_INFLUX_TOKEN_FILE}: a mounted Kubernetes Secret, a systemd credential). Both
 * keys are in the service's defaults; setting both is an error. The value is never logged.
 */
public final class SecretSettings {

  private SecretSettings() {}

  /**
   * @param section the configuration section, e.g. the {@code influx} object
   * @param path the section's dotted path, e.g. {@code influx}, for errors
   * @param key the secret's key, e.g. {@code token}; its file key is {@code <key>File}
   * @return the secret; empty when neither is set
   * @throws ConfigException naming the key or the file (never the content)
   */
  public static String valueOrFile(JsonObject section, String path, String key) {
    try {
      String value = SecretFile.valueOrFile(path + "." + key, section.getString(key, ""),
          path + "." + key + "File", section.getString(key + "File", ""));
      return value == null ? "" : value;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }
}
