package dev.fleetscale.gateway.fleet;

import static dev.fleetscale.gateway.audit.AuditLog.literal;

import com.influxdb.client.InfluxDBClient;
import dev.fleetscale.contracts.influx.InfluxQl;
import dev.fleetscale.gateway.audit.InfluxSettings;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's latest state, read from the optimizer's rollups in InfluxDB with InfluxQL through
 * contracts' one reader ({@link InfluxQl}); measurements as docs/influxdb-schema.md has them.
 * "Latest" is each series' newest 10 s window within {@link FleetSettings#horizon()}: one query
 * per route, {@code GROUP BY} the series' tags with {@code LIMIT 1} per series. Filter values are
 * checked by the controller and quoted here, so no value reaches InfluxQL unescaped.
 */
@Singleton
public class FleetReader {

  /** Each capacity resource's demand and capacity fields in pool_rollup (GPU_COUNT's integers). */
  private static final Map<String, String[]> RESOURCES = resources();

  private final InfluxDBClient client;
  private final String database;
  private final FleetSettings settings;

  public FleetReader(InfluxDBClient client, InfluxSettings influx, FleetSettings settings) {
    this.client = client;
    this.database = influx.bucket();
    this.settings = settings;
  }

  private static Map<String, String[]> resources() {
    Map<String, String[]> m = new LinkedHashMap<>();
    m.put("GPU_COUNT", new String[] {"busy_gpus", "gpus"});
    m.put("GPU_MEMORY_BYTES", new String[] {"gpu_memory_used_bytes", "gpu_memory_total_bytes"});
    m.put("SSD_CAPACITY_BYTES", new String[] {"ssd_used_bytes", "ssd_capacity_bytes"});
    m.put("SSD_BANDWIDTH_BYTES_PER_SECOND",
        new String[] {"ssd_io_bytes_per_second", "ssd_io_capacity_bytes_per_second"});
    m.put("NIC_BANDWIDTH_BITS_PER_SECOND",
        new String[] {"nic_bits_per_second", "nic_link_bits_per_second"});
    return m;
  }

  /** The latest window of every pool (or of {@code pool}), by pool name. */
  public List<PoolView> pools(@Nullable String pool) {
    Map<String, Map<String, PoolView.Forecast>> forecasts = forecasts(pool);
    List<PoolView> out = new ArrayList<>();
    for (InfluxQl.Row row : latest("pool_rollup", pool, null, POOL_TAGS)) {
      String name = row.tags().get("pool");
      Map<String, PoolView.Forecast> byResource = forecasts.getOrDefault(name, Map.of());
      Map<String, PoolView.Capacity> capacity = new LinkedHashMap<>();
      RESOURCES.forEach((resource, fields) -> {
        Double demand = Metric.number(row, fields[0]);
        Double cap = Metric.number(row, fields[1]);
        PoolView.Forecast forecast = byResource.get(resource);
        if (demand != null || cap != null || forecast != null) {
          capacity.put(resource, new PoolView.Capacity(demand, cap, forecast));
        }
      });
      Map<String, Metric> metrics = Metric.of(row);
      out.add(new PoolView(name, row.tags().get("cluster"), time(row), Metric.integer(row, "hosts"),
          Metric.integer(row, "members"), Metric.integer(row, "gpus"),
          Metric.integer(row, "busy_gpus"), metrics, capacity));
    }
    out.sort(Comparator.comparing(PoolView::pool));
    return out;
  }

  /** The latest window of every host (of {@code pool}, when given), by pool and host. */
  public List<HostView> hosts(@Nullable String pool) {
    List<HostView> out = new ArrayList<>();
    for (InfluxQl.Row row : latest("host_rollup", pool, null, HOST_TAGS)) {
      out.add(new HostView(row.tags().get("host"), row.tags().get("pool"),
          row.tags().get("cluster"), time(row), Metric.integer(row, "samples"), Metric.of(row)));
    }
    out.sort(Comparator.comparing(HostView::pool).thenComparing(HostView::host));
    return out;
  }

  /** The latest window of every GPU (of {@code pool} and {@code host}, when given). */
  public List<GpuView> gpus(@Nullable String pool, @Nullable String host) {
    List<GpuView> out = new ArrayList<>();
    for (InfluxQl.Row row : latest("gpu_rollup", pool, host,
        "\"cluster\", \"pool\", \"host\", \"gpu\"")) {
      out.add(new GpuView(row.tags().get("host"), row.tags().get("gpu"), row.tags().get("pool"),
          row.tags().get("cluster"), time(row), Metric.of(row), GpuHealthReading.of(row)));
    }
    out.sort(GPU_ORDER);
    return out;
  }

  private static final Comparator<GpuView> GPU_ORDER = Comparator.comparing(GpuView::pool)
      .thenComparing(GpuView::host).thenComparingInt(g -> index(g.gpu()));

  private static int index(String gpu) {
    try {
      return Integer.parseInt(gpu);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  /**
   * GPUs whose latest window's maximum utilization is 0 % and that have been at 0 % for at least
   * {@link FleetSettings#idleAfter()}: since their last busy window within
   * {@link FleetSettings#idleHorizon()}, or since their first window in it when none was busy.
   */
  public List<IdleGpu> idle(@Nullable String pool) {
    String tags = "\"cluster\", \"pool\", \"host\", \"gpu\"";
    String base = "SELECT \"gpu_util_pct_max\" FROM \"gpu_rollup\" WHERE \"window\" = '10s'"
        + " AND time > now() - " + FleetSettings.influx(settings.idleHorizon())
        + (pool == null ? "" : " AND \"pool\" = " + literal(pool));
    Map<List<String>, InfluxQl.Row> latest = bySeries(base + " GROUP BY " + tags
        + " ORDER BY time DESC LIMIT 1");
    Map<List<String>, InfluxQl.Row> lastBusy = bySeries(base + " AND \"gpu_util_pct_max\" > 0"
        + " GROUP BY " + tags + " ORDER BY time DESC LIMIT 1");
    Map<List<String>, InfluxQl.Row> first = bySeries(base + " GROUP BY " + tags
        + " ORDER BY time ASC LIMIT 1");
    List<IdleGpu> out = new ArrayList<>();
    latest.forEach((key, row) -> {
      Double util = Metric.number(row, "gpu_util_pct_max");
      if (util == null || util > 0) {
        return;
      }
      Instant end = time(row);
      InfluxQl.Row busy = lastBusy.get(key);
      Instant since = busy != null ? time(busy) : time(first.get(key)).minusSeconds(10);
      Duration idle = Duration.between(since, end);
      if (idle.compareTo(settings.idleAfter()) >= 0) {
        out.add(new IdleGpu(key.get(2), key.get(3), key.get(1), key.get(0), end, since,
            idle.toSeconds()));
      }
    });
    out.sort(Comparator.comparing(IdleGpu::pool).thenComparing(IdleGpu::host)
        .thenComparingInt(g -> index(g.gpu())));
    return out;
  }

  private Map<List<String>, InfluxQl.Row> bySeries(String query) {
    Map<List<String>, InfluxQl.Row> out = new HashMap<>();
    for (InfluxQl.Series s : InfluxQl.query(client, database, query)) {
      if (!s.rows().isEmpty()) {
        Map<String, String> t = s.tags();
        out.put(List.of(t.getOrDefault("cluster", ""), t.getOrDefault("pool", ""),
            t.getOrDefault("host", ""), t.getOrDefault("gpu", "")), s.rows().get(0));
      }
    }
    return out;
  }

  /** The newest 10 s row of each series of {@code measurement} grouped by {@code tags}. */
  private List<InfluxQl.Row> latest(String measurement, @Nullable String pool,
      @Nullable String host, String tags) {
    List<InfluxQl.Row> rows = new ArrayList<>();
    for (InfluxQl.Series s : InfluxQl.query(client, database,
        latestQuery(measurement, pool, host, tags, settings.horizon()))) {
      if (!s.rows().isEmpty()) {
        rows.add(s.rows().get(0));
      }
    }
    return rows;
  }

  /** The query of {@link #latest}; package-private for the benchmark's direct baseline. */
  static String latestQuery(String measurement, @Nullable String pool, @Nullable String host,
      String tags, Duration horizon) {
    return "SELECT * FROM \"" + measurement + "\" WHERE \"window\" = '10s'"
        + " AND time > now() - " + FleetSettings.influx(horizon)
        + (pool == null ? "" : " AND \"pool\" = " + literal(pool))
        + (host == null ? "" : " AND \"host\" = " + literal(host))
        + " GROUP BY " + tags + " ORDER BY time DESC LIMIT 1";
  }

  /** The tags the pools and hosts routes group by. */
  static final String POOL_TAGS = "\"cluster\", \"pool\"";
  static final String HOST_TAGS = "\"cluster\", \"pool\", \"host\"";

  /** The latest capacity assessment per pool and resource. */
  private Map<String, Map<String, PoolView.Forecast>> forecasts(@Nullable String pool) {
    String query = forecastQuery(pool);
    Map<String, Map<String, PoolView.Forecast>> out = new HashMap<>();
    for (InfluxQl.Series s : InfluxQl.query(client, database, query)) {
      if (s.rows().isEmpty()) {
        continue;
      }
      InfluxQl.Row r = s.rows().get(0);
      out.computeIfAbsent(s.tags().get("pool"), k -> new LinkedHashMap<>())
          .put(s.tags().get("resource"), new PoolView.Forecast(r.text("demand_id"), time(r),
              Metric.number(r, "forecast_peak"), Metric.number(r, "prediction_low"),
              Metric.number(r, "prediction_high"), Metric.number(r, "capacity"),
              Metric.number(r, "target_utilization"), Metric.number(r, "shortfall"),
              r.text("needed_by"), r.text("model"), Metric.number(r, "fit_error")));
    }
    return out;
  }

  static String forecastQuery(@Nullable String pool) {
    return "SELECT * FROM \"capacity_demand\""
        + (pool == null ? "" : " WHERE \"pool\" = " + literal(pool))
        + " GROUP BY \"pool\", \"resource\" ORDER BY time DESC LIMIT 1";
  }

  /** A row's time: InfluxQL answers nanoseconds since the epoch. */
  static Instant time(InfluxQl.Row row) {
    return Instant.ofEpochSecond(0, Long.parseLong(row.text("time")));
  }
}
