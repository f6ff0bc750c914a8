package dev.fleetscale.testkit.influx;

import com.influxdb.client.InfluxDBClient;
import dev.fleetscale.contracts.influx.InfluxClients;
import dev.fleetscale.contracts.influx.InfluxQl;
import dev.fleetscale.testkit.stack.DockerSwitch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real InfluxDB for the tests of one class, reached through the v2 API as production code
 * reaches it:
 *
 * <pre>{@code
 * @RegisterExtension static final InfluxExtension influx = new InfluxExtension();
 * }</pre>
 *
 * <p>Before all tests it starts influxd 1.6.7 on a free loopback port with its data in a temporary
 * folder, puts an {@link InfluxV2WriteBridge} in front, and creates the database {@link #bucket()};
 * where Docker exists and {@code -Dfleetscale.testkit.docker=true} it starts an InfluxDB 2.x
 * container instead. After all tests it stops everything and deletes the data.
 */
public final class InfluxExtension implements BeforeAllCallback, AfterAllCallback {

  private static final String ORG = "fleetscale";
  private static final String BUCKET = "fleetscale";
  private static final char[] TOKEN = "testkit-token".toCharArray();

  private InfluxServer server;
  private InfluxDBClient client;

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    running();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (client != null) {
      client.close();
      client = null;
    }
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The v2 URL (the bridge's, or the container's) to give to influxdb-client-java. */
  public synchronized String url() {
    return running().url();
  }

  public String org() {
    return ORG;
  }

  /** The bucket, which is also the InfluxDB 1.x database (and, on 2.x, its DBRP database). */
  public String bucket() {
    return BUCKET;
  }

  /** A token the server accepts (1.6.7 ignores it: auth is off). A copy; callers may clear it. */
  public char[] token() {
    return TOKEN.clone();
  }

  /** A client bound to {@link #org()} and {@link #bucket()}; owned by the extension, do not close. */
  public synchronized InfluxDBClient client() {
    if (client == null) {
      client = InfluxClients.create(url(), token(), ORG, BUCKET);
    }
    return client;
  }

  /** Creates another database (bucket); a no-op if it exists. */
  public synchronized void createDatabase(String name) {
    running().createDatabase(name);
  }

  /**
   * Runs InfluxQL against {@link #bucket()} through {@link InfluxQl}, the reader the services use,
   * and returns the rows of the first series, each row a map from column name ({@code time},
   * then tags and fields) to value; empty if nothing matched. Values are typed by
   * {@link InfluxQl#typed}: {@code time} is a {@code Long} (nanoseconds since the epoch), integers
   * are {@code Long}, other numbers {@code Double}, {@code true}/{@code false} are
   * {@code Boolean}, empty cells are absent and the rest are {@code String}. CSV cannot tell the
   * float 2.0 from the integer 2: compare numbers numerically.
   */
  public List<Map<String, Object>> query(String influxql) {
    List<InfluxQl.Series> series = InfluxQl.query(client(), BUCKET, influxql);
    return series.isEmpty() ? List.of() : series.get(0).rows().stream().map(InfluxQl.Row::typed).toList();
  }

  /** The server, started at the first use (see KafkaBrokerExtension#running for why). */
  private synchronized InfluxServer running() {
    if (server == null) {
      server = DockerSwitch.useContainers() ? new InfluxContainer(ORG, BUCKET, TOKEN) : new BridgedInfluxd();
      server.createDatabase(BUCKET);
    }
    return server;
  }
}
