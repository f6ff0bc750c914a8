package dev.fleetscale.optimizer.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.fleetscale.contracts.influx.InfluxClients;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Writes batches of points through influxdb-client-java's blocking write API, on a worker thread,
 * and completes when InfluxDB acknowledged the batch: the caller commits Kafka offsets only then.
 * Thread-safe.
 */
public final class InfluxSink implements AutoCloseable {

  private final Vertx vertx;
  private final InfluxDBClient client;
  private final WriteApiBlocking writes;
  private final String bucket;
  private final String org;

  public InfluxSink(Vertx vertx, OptimizerConfig.Influx config) {
    this.vertx = vertx;
    // Empty token: no Authorization header (InfluxClients' rule, the same in every service).
    this.client = InfluxClients.create(config.url(), config.token(), config.org(), config.bucket());
    this.writes = client.getWriteApiBlocking();
    this.bucket = config.bucket();
    this.org = config.org();
  }

  /** Writes the points; an empty batch completes at once. */
  public Future<Void> write(List<Point> points) {
    if (points.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      writes.writePoints(bucket, org, points);
      return null;
    }, false);
  }

  /**
   * Writes line-protocol lines whose timestamps are in milliseconds (see {@link LineProtocol});
   * an empty batch completes at once. Completes when InfluxDB acknowledged the batch.
   */
  public Future<Void> writeLines(List<String> lines) {
    if (lines.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      writes.writeRecords(bucket, org, WritePrecision.MS, lines);
      return null;
    }, false);
  }

  /** The client, for reads (InfluxQL) by the read API and state restore. */
  public InfluxDBClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }
}
