package dev.fleetscale.optimizer.bench;

import com.influxdb.client.domain.WritePrecision;
import dev.fleetscale.contracts.influx.InfluxQl;
import dev.fleetscale.optimizer.cost.CostApi;
import dev.fleetscale.optimizer.cost.CostPoints;
import dev.fleetscale.optimizer.cost.CostQuery;
import dev.fleetscale.optimizer.cost.CostReport;
import dev.fleetscale.optimizer.cost.CostRow;
import dev.fleetscale.optimizer.cost.CostSettings;
import dev.fleetscale.testkit.influx.InfluxExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code GET /costs?window=<days>d&aggregate=pool} against the bare InfluxQL query it makes, on
 * the same influxd, in the same run (docs/cost.md, issue 13's benchmark): writes
 * {@code hosts × 8 GPUs × days × 24} hourly {@code cost_allocation} points (6 of 8 GPUs held, 2
 * idle; 10 pools), then alternates the two for {@code rounds} rounds after one warm-up of each
 * and prints the medians and their ratio (target ≤ 1.5).
 *
 * <p>{@code java -cp $CP dev.fleetscale.optimizer.bench.CostQueryBenchmark 1000 30 5}
 */
public final class CostQueryBenchmark {

  private CostQueryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    InfluxExtension influx = new InfluxExtension();
    Vertx vertx = Vertx.vertx();
    try {
      long points = write(influx, hosts, days, end);
      Clock clock = Clock.fixed(end.plusSeconds(60), ZoneOffset.UTC);
      CostSettings settings = CostSettings.defaults();
      var client = CostApi.queryClient(influx.url(), influx.token(), influx.org(),
          influx.bucket(), settings);
      CostApi api = new CostApi(vertx, client, influx.bucket(), settings, clock);
      Router router = Router.router(vertx);
      api.mount(router);
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
          .toCompletionStage().toCompletableFuture().get();
      String path = "/costs?window=" + days + "d&aggregate=pool";
      CostQuery q = CostQuery.parse(Map.of("window", days + "d", "aggregate", "pool"),
          clock.instant(), Duration.ofDays(400));
      String influxql = CostReport.influxql(q);
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + path);
      long[] bare = new long[rounds];
      long[] viaApi = new long[rounds];
      String body = null;
      for (int r = -1; r < rounds; r++) { // round -1: warm-up of both
        long t0 = System.nanoTime();
        int series = InfluxQl.query(client, influx.bucket(), influxql).size();
        long t1 = System.nanoTime();
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(uri).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        long t2 = System.nanoTime();
        if (resp.statusCode() != 200) {
          throw new IllegalStateException(resp.statusCode() + " " + resp.body());
        }
        body = resp.body();
        if (r >= 0) {
          bare[r] = t1 - t0;
          viaApi[r] = t2 - t1;
        }
        System.out.printf("round %d: bare InfluxQL %d ms (%d series), /costs %d ms%n", r,
            (t1 - t0) / 1_000_000, series, (t2 - t1) / 1_000_000);
      }
      Arrays.sort(bare);
      Arrays.sort(viaApi);
      double b = bare[rounds / 2] / 1e6;
      double a = viaApi[rounds / 2] / 1e6;
      System.out.printf("%d hosts x 8 GPUs x %d days = %,d points; median bare %.0f ms,"
          + " /costs %.0f ms, ratio %.2f (target <= 1.5); answer %,d bytes%n", hosts, days,
          points, b, a, a / b, body.length());
      server.close();
    } finally {
      vertx.close();
      influx.afterAll(null);
    }
  }

  /** The points, in batches of 20,000 lines; returns how many. */
  private static long write(InfluxExtension influx, int hosts, int days, Instant end) {
    var writes = influx.client().getWriteApiBlocking();
    Random rnd = new Random(42);
    long n = 0;
    long started = System.nanoTime();
    List<String> batch = new ArrayList<>(20_000);
    for (int h = 0; h < days * 24; h++) {
      Instant at = end.minus(Duration.ofHours(h));
      for (int host = 0; host < hosts; host++) {
        for (int gpu = 0; gpu < 8; gpu++) {
          boolean idle = gpu >= 6;
          long cost = 1_000_000 + rnd.nextInt(1000);
          batch.add(CostPoints.point(new CostRow(at, "c1", "pool-" + (host % 10), "h" + host,
              Integer.toString(gpu), idle ? CostRow.IDLE : "w" + host + "-" + gpu,
              idle ? null : "KUBERNETES_POD", null, null, idle ? 0 : 3_600_000_000L,
              idle ? 0 : 1.8e9, 0, idle ? 3_600_000_000L : 0, 0, 1_440_000_000L, cost, 0, 0,
              40_000, "catalog:example-h100-sxm-8x:OWNED")).toLineProtocol());
          n++;
          if (batch.size() == 20_000) {
            writes.writeRecords(influx.bucket(), influx.org(), WritePrecision.MS, batch);
            batch.clear();
          }
        }
      }
    }
    if (!batch.isEmpty()) {
      writes.writeRecords(influx.bucket(), influx.org(), WritePrecision.MS, batch);
    }
    System.out.printf("wrote %,d points in %.1f s%n", n, (System.nanoTime() - started) / 1e9);
    return n;
  }
}
