package dev.fleetscale.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.influxdb.client.domain.WritePrecision;
import dev.fleetscale.contracts.influx.InfluxQl;
import dev.fleetscale.gateway.security.TokenRegistry;
import dev.fleetscale.gateway.support.GatewayStack;
import dev.fleetscale.testkit.influx.InfluxExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/pools} and {@code /api/v1/hosts} for a 1,000-host fleet (10 pools of 100
 * hosts, their latest 10 s windows in a real influxd) against the same InfluxQL queries made
 * directly with contracts' InfluxQl reader, in the same run: requests per second and p99 latency
 * with {@code CLIENTS} concurrent clients on loopback, each for {@code SECONDS}, two rounds in
 * alternation. Prints a table. A harness, not a test (its name matches no test pattern); it checks
 * only that every answer was complete. Run:
 *
 * <pre>
 * mvn -B -ntp -pl gateway -am verify -DskipITs -Dtest=FleetBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.seconds=10 -Dbench.clients=4]
 * </pre>
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetBenchmark implements TestPropertyProvider {

  @RegisterExtension
  static final InfluxExtension INFLUX = new InfluxExtension();

  private static final String TOKEN = GatewayStack.newToken();
  private static final int POOLS = 10;
  private static final int HOSTS_PER_POOL = 100;
  private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
  private static final int CLIENTS = Integer.getInteger("bench.clients", 4);

  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    return Map.of(
        "fleetscale.influx.url", INFLUX.url(),
        "fleetscale.influx.token", new String(INFLUX.token()),
        "fleetscale.influx.org", INFLUX.org(),
        "fleetscale.influx.bucket", INFLUX.bucket(),
        "micronaut.http.services.procurement.url", "http://127.0.0.1:9",
        "fleetscale.gateway.rate-limit.enabled", "false",
        "fleetscale.gateway.tokens", "bench:viewer:" + TokenRegistry.sha256(TOKEN));
  }

  private void write() {
    long end = Instant.now().minusSeconds(20).toEpochMilli() / 10_000 * 10_000;
    List<String> lines = new ArrayList<>();
    for (int p = 0; p < POOLS; p++) {
      String pool = "bench-" + p;
      for (long t : new long[] {end - 10_000, end}) {
        lines.add("pool_rollup,cluster=c1,pool=" + pool + ",window=10s hosts=100i,members=100i,"
            + "gpus=800i,busy_gpus=600i," + stats() + ",gpu_memory_used_bytes=4e13,"
            + "gpu_memory_total_bytes=6.4e13 " + t);
        for (int h = 0; h < HOSTS_PER_POOL; h++) {
          lines.add("host_rollup,cluster=c1,pool=" + pool + ",host=" + pool + "-h" + h
              + ",window=10s samples=10i," + stats() + " " + t);
        }
      }
      lines.add("capacity_demand,pool=" + pool + ",resource=GPU_COUNT demand_id=\"d-" + p
          + "\",forecast_peak=900,capacity=800,target_utilization=0.8,shortfall=325,"
          + "needed_by=\"2027-03-01\",model=\"hw\",fit_error=0.08 " + (end - 3_600_000));
    }
    for (int i = 0; i < lines.size(); i += 5000) {
      INFLUX.client().getWriteApiBlocking().writeRecords(INFLUX.bucket(), INFLUX.org(),
          WritePrecision.MS, lines.subList(i, Math.min(lines.size(), i + 5000)));
    }
  }

  /** The seven rollup metrics, mean/max/p95 each, as the optimizer writes a host window. */
  private static String stats() {
    StringBuilder b = new StringBuilder();
    for (String m : List.of("gpu_util_pct", "mem_copy_util_pct", "fb_used_pct", "power_w",
        "temperature_c", "disk_util_pct", "nic_util_pct")) {
      b.append(b.length() == 0 ? "" : ",").append(m).append("_mean=51.5,").append(m)
          .append("_max=97.25,").append(m).append("_p95=93.5");
    }
    return b.toString();
  }

  /** One measured run: requests, seconds, latencies in nanoseconds. */
  private record Run(String name, long requests, double seconds, long[] latencies) {
    double perSecond() {
      return requests / seconds;
    }

    double p99Millis() {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
    }
  }

  private static Run measure(String name, Callable<Integer> call) throws Exception {
    for (int i = 0; i < 20; i++) {
      call.call(); // warm-up
    }
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long deadline = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
    long start = System.nanoTime();
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      futures.add(pool.submit(() -> {
        List<Long> out = new ArrayList<>();
        while (System.nanoTime() < deadline) {
          long t0 = System.nanoTime();
          call.call();
          out.add(System.nanoTime() - t0);
        }
        return out;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      all.addAll(f.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return new Run(name, all.size(), seconds, all.stream().mapToLong(Long::longValue).toArray());
  }

  @Test
  void poolsAndHostsThroughTheGatewayAgainstInfluxQlDirect() throws Exception {
    write();
    HttpClient http = HttpClient.newBuilder().build();
    String base = "http://127.0.0.1:" + server.getPort();
    Callable<Integer> gatewayPools = () -> get(http, base + "/api/v1/pools", 10);
    Callable<Integer> gatewayHosts = () -> get(http, base + "/api/v1/hosts", 1000);
    Duration horizon = Duration.ofMinutes(15);
    String poolsQuery = FleetReader.latestQuery("pool_rollup", null, null, FleetReader.POOL_TAGS,
        horizon);
    String hostsQuery = FleetReader.latestQuery("host_rollup", null, null, FleetReader.HOST_TAGS,
        horizon);
    // The pools route makes two queries: the windows and the forecasts.
    Callable<Integer> directPools = () -> {
      int n = InfluxQl.query(INFLUX.client(), INFLUX.bucket(), poolsQuery).size();
      InfluxQl.query(INFLUX.client(), INFLUX.bucket(), FleetReader.forecastQuery(null));
      assertThat(n).isEqualTo(POOLS);
      return n;
    };
    Callable<Integer> directHosts = () -> {
      int n = InfluxQl.query(INFLUX.client(), INFLUX.bucket(), hostsQuery).size();
      assertThat(n).isEqualTo(POOLS * HOSTS_PER_POOL);
      return n;
    };
    List<Run[]> rows = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      rows.add(new Run[] {measure("pools", gatewayPools), measure("pools", directPools)});
      rows.add(new Run[] {measure("hosts", gatewayHosts), measure("hosts", directHosts)});
    }
    System.out.printf(Locale.ROOT, "%n%d hosts in %d pools, %d clients, %d s per cell%n",
        POOLS * HOSTS_PER_POOL, POOLS, CLIENTS, SECONDS);
    System.out.printf(Locale.ROOT, "%-6s %14s %12s %14s %12s %8s%n", "route", "gateway req/s",
        "gateway p99", "direct req/s", "direct p99", "ratio");
    for (Run[] r : rows) {
      System.out.printf(Locale.ROOT, "%-6s %14.1f %10.1fms %14.1f %10.1fms %8.2f%n", r[0].name(),
          r[0].perSecond(), r[0].p99Millis(), r[1].perSecond(), r[1].p99Millis(),
          r[0].perSecond() / r[1].perSecond());
    }
  }

  /** GETs {@code url} with the viewer token; checks the status and the number of entries. */
  private static int get(HttpClient http, String url, int expected) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    // Each entry of both answers carries "cluster" once.
    int entries = r.body().split("\"cluster\"", -1).length - 1;
    assertThat(entries).isEqualTo(expected);
    return entries;
  }
}
