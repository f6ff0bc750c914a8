package dev.fleetscale.contracts.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import java.util.Objects;

/**
 * The one way a Fleetscale service creates its InfluxDB client (influxdb-client-java, v2 API).
 *
 * <p>The token rule, the same for every service: the token is configuration
 * ({@code influx.token}, {@code fleetscale.influx.token} for the Micronaut services), set through
 * the environment ({@code FLEETSCALE_INFLUX_TOKEN}) or a configuration file readable only by the
 * service's user, and never logged. An empty or blank token means the server runs without
 * authentication: the client then sends no {@code Authorization} header at all. A non-empty token
 * is sent as {@code Authorization: Token <token>}.
 */
public final class InfluxClients {

  private InfluxClients() {}

  /**
   * @param url the server's base URL, e.g. {@code http://127.0.0.1:8086}
   * @param token the API token; null, empty or blank for a server without authentication. The
   *     client keeps its own copy; the caller may clear its array afterwards
   * @param org the organization writes and Flux queries go to
   * @param bucket the default bucket (on 1.x, the database)
   * @return a client the caller owns and closes
   * @throws IllegalArgumentException when {@code url} is not an http(s) URL
   */
  public static InfluxDBClient create(String url, char[] token, String org, String bucket) {
    return InfluxDBClientFactory.create(options(url, token, org, bucket));
  }

  /** {@link #create(String, char[], String, String)} with the token as a string (null for none). */
  public static InfluxDBClient create(String url, String token, String org, String bucket) {
    return create(url, token == null ? null : token.toCharArray(), org, bucket);
  }

  /** The client options {@link #create} uses, for tests and for callers that add their own. */
  public static InfluxDBClientOptions options(String url, char[] token, String org, String bucket) {
    if (url == null || !url.matches("https?://.+")) {
      throw new IllegalArgumentException("influx url: must be an http(s) URL, was " + url);
    }
    InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
        .url(url)
        .org(Objects.requireNonNull(org, "org"))
        .bucket(Objects.requireNonNull(bucket, "bucket"));
    if (hasToken(token)) {
      options.authenticateToken(token.clone());
    }
    return options.build();
  }

  /** Whether {@code token} is one to send: not null, not empty, not only white space. */
  public static boolean hasToken(char[] token) {
    if (token == null) {
      return false;
    }
    for (char c : token) {
      if (!Character.isWhitespace(c)) {
        return true;
      }
    }
    return false;
  }
}
