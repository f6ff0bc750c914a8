package dev.fleetscale.gateway.audit;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.fleetscale.contracts.influx.InfluxQl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log in InfluxDB, measurement {@code gateway_audit} (docs/influxdb-schema.md): tags
 * {@code principal}, {@code role}, {@code action}, {@code result} (a fixed set); fields
 * {@code target}, {@code address}, {@code method}, {@code path}, {@code status}, {@code message}.
 * Timestamps are nanoseconds, strictly increasing within a gateway, so two calls never share a
 * point.
 */
@Singleton
public class AuditLog {

  static final String MEASUREMENT = "gateway_audit";
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final InfluxDBClient client;
  private final InfluxSettings settings;
  private final AtomicLong lastNanos = new AtomicLong();
  private final Counter written;
  private final Counter failed;

  public AuditLog(InfluxDBClient client, InfluxSettings settings, MeterRegistry registry) {
    this.client = client;
    this.settings = settings;
    this.written = Counter.builder("fleetscale.gateway.audit.records")
        .description("Audit records written to InfluxDB").register(registry);
    this.failed = Counter.builder("fleetscale.gateway.audit.write.failures")
        .description("Audit records InfluxDB did not take (each logged at ERROR)").register(registry);
  }

  /** A timestamp in nanoseconds after every earlier one of this log. */
  long nextNanos(Instant now) {
    long wanted = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return lastNanos.updateAndGet(last -> Math.max(wanted, last + 1));
  }

  /** Writes {@code record} (synchronously); a failure is logged at ERROR and counted. */
  public void write(AuditRecord record) {
    Point point = Point.measurement(MEASUREMENT)
        .addTag("principal", record.principal())
        .addTag("role", record.role())
        .addTag("action", record.action())
        .addTag("result", record.result())
        .addField("target", record.target())
        .addField("address", record.address())
        .addField("method", record.method())
        .addField("path", record.path())
        .addField("status", (long) record.status())
        .time(nextNanos(record.time()), WritePrecision.NS);
    if (record.message() != null) {
      point.addField("message", record.message());
    }
    try {
      client.getWriteApiBlocking().writePoint(settings.bucket(), settings.org(), point);
      written.increment();
    } catch (RuntimeException e) {
      failed.increment();
      LOG.error("audit record not written to InfluxDB: {} {} {} by {} -> {}: {}", record.method(),
          record.path(), record.action(), record.principal(), record.status(), e.toString());
    }
  }

  /**
   * Records newest first.
   *
   * @param principal, action, result exact tag values, or null for any
   * @param since, until the time range, inclusive; null for open
   */
  public List<AuditRecord> read(String principal, String action, String result, Instant since,
      Instant until, int limit) {
    List<String> where = new ArrayList<>();
    if (principal != null) {
      where.add("principal = " + literal(principal));
    }
    if (action != null) {
      where.add("action = " + literal(action));
    }
    if (result != null) {
      where.add("result = " + literal(result));
    }
    if (since != null) {
      where.add("time >= " + literal(since.toString()));
    }
    if (until != null) {
      where.add("time <= " + literal(until.toString()));
    }
    String query = "SELECT * FROM " + MEASUREMENT
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY time DESC LIMIT " + limit;
    List<AuditRecord> out = new ArrayList<>();
    for (InfluxQl.Series series : InfluxQl.query(client, settings.bucket(), query)) {
      for (InfluxQl.Row row : series.rows()) {
        long nanos = Long.parseLong(row.text("time"));
        out.add(new AuditRecord(
            Instant.ofEpochSecond(0, nanos), row.text("principal"), row.text("role"),
            row.text("action"), nullToEmpty(row.text("target")), row.text("address"),
            row.text("method"), row.text("path"), (int) row.number("status"), row.text("result"),
            row.text("message")));
      }
    }
    return out;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** An InfluxQL string literal: backslash and single quote escaped. */
  public static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
