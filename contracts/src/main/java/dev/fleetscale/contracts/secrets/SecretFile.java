package dev.fleetscale.contracts.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a secret from a file: the way every Fleetscale service takes a credential from a
 * Kubernetes Secret mount, a systemd credential ({@code LoadCredential}) or a Docker secret,
 * through a {@code *_FILE} setting such as {@code FLEETSCALE_INFLUX_TOKEN_FILE}. A file keeps the
 * secret out of the process environment ({@code /proc/<pid>/environ}, {@code kubectl describe},
 * crash reports).
 *
 * <p>Errors name the setting and the file, never the content. The value is the file's text with
 * trailing line breaks removed ({@code echo token > file} works); other white space is kept.
 */
public final class SecretFile {

  private SecretFile() {}

  /**
   * @param key the setting that named the file, e.g. {@code influx.tokenFile}; named in errors
   * @param file the file's path
   * @return the secret
   * @throws IllegalArgumentException naming {@code key} and the file when it is missing, not a
   *     regular file or unreadable
   */
  public static String read(String key, String file) {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(key + ": " + file + " is not a readable file (missing, or a folder)");
    }
    try {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      int end = text.length();
      while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
        end--;
      }
      return text.substring(0, end);
    } catch (IOException e) {
      throw new IllegalArgumentException(key + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * One secret that may be given directly or as a file, but not both.
   *
   * @param valueKey the direct setting, e.g. {@code influx.token}
   * @param value its value; null or empty when not set
   * @param fileKey the file setting, e.g. {@code influx.tokenFile}
   * @param file its value; null or blank when not set
   * @return the file's secret when a file is named, else {@code value}
   * @throws IllegalArgumentException when both are set, or the file cannot be read
   */
  public static String valueOrFile(String valueKey, String value, String fileKey, String file) {
    if (file == null || file.isBlank()) {
      return value;
    }
    if (value != null && !value.isEmpty()) {
      throw new IllegalArgumentException(fileKey + ": set either " + valueKey + " or " + fileKey + ", not both");
    }
    return read(fileKey, file.strip());
  }
}
