package dev.fleetscale.testkit.influx;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fleetscale.testkit.stack.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Lets InfluxDB 2.x clients write to InfluxDB 1.6.7, which predates {@code /api/v2/write} (added in
 * 1.8). It listens on 127.0.0.1 and forwards to an influxd's 1.x HTTP API:
 *
 * <ul>
 *   <li>{@code POST /api/v2/write?org=O&bucket=DB[/RP]&precision=ns|us|ms|s} becomes {@code POST
 *       /write?db=DB[&rp=RP]&precision=n|u|ms|s} (no precision means ns, as in v2). {@code org} is
 *       dropped: 1.x has no organisations. The line-protocol body and its {@code Content-Encoding}
 *       (gzip) go through unchanged; 1.6.7 decodes gzip itself.
 *   <li>{@code GET /health} answers the v2 health document, {@code pass} (200) when influxd answers
 *       {@code /ping}, {@code fail} (503) otherwise.
 *   <li>Everything else ({@code /ping}, {@code /query}, {@code /write}) is forwarded as is. The v2
 *       client's InfluxQL API sends {@code POST /query?db=..&q=..} with {@code Accept:
 *       application/csv}, which 1.6.7 answers in CSV already, so no conversion is needed.
 * </ul>
 *
 * <p>Status, body and headers of influxd's answer come back unchanged, so a bad line gives influxd's
 * 400 with its {@code {"error": ...}} body and {@code X-Influxdb-Error} header (the v2 client reads
 * its exception message from that header). Tokens ({@code Authorization: Token ..}) are passed on;
 * influxd ignores them while its auth is off. Bodies are held in memory (influxd's own limit is 25
 * MB). A test fixture and local-stack helper, not a production proxy. Thread-safe.
 */
public final class InfluxV2WriteBridge implements AutoCloseable {

  private static final Map<String, String> PRECISIONS =
      Map.of("ns", "n", "us", "u", "ms", "ms", "s", "s");
  /** Hop-by-hop and length headers, which the two HTTP stacks set themselves. */
  private static final Set<String> NOT_FORWARDED =
      Set.of("connection", "content-length", "host", "transfer-encoding", "keep-alive", "upgrade",
          "expect", "te", "trailer", "proxy-connection", "date");

  private final URI target;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private InfluxV2WriteBridge(URI target, int port) {
    this.target = target;
    try {
      server = HttpServer.create(new InetSocketAddress(LoopbackPorts.HOST, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + LoopbackPorts.HOST + ":" + port + " for the InfluxDB v2 bridge", e);
    }
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread thread = new Thread(r, "influx-v2-bridge");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts a bridge to {@code influxdUrl} (for example {@code http://127.0.0.1:8186}).
   *
   * @param port the loopback port to listen on; 0 for a free one
   */
  public static InfluxV2WriteBridge start(String influxdUrl, int port) {
    return new InfluxV2WriteBridge(URI.create(influxdUrl), port);
  }

  /** The bridge's URL, to give to influxdb-client-java as a v2 URL. */
  public String url() {
    return "http://" + LoopbackPorts.HOST + ":" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (path.equals("/api/v2/write")) {
        if (!exchange.getRequestMethod().equals("POST")) {
          respond(exchange, 405, "{\"code\":\"method not allowed\",\"message\":\"use POST\"}");
          return;
        }
        String query = v1WriteQuery(exchange.getRequestURI().getRawQuery());
        if (query == null) {
          respond(exchange, 400,
              "{\"code\":\"invalid\",\"message\":\"bucket is required, precision must be ns, us, ms or s\"}");
          return;
        }
        forward(exchange, "/write?" + query);
      } else if (path.equals("/health")) {
        health(exchange);
      } else {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        forward(exchange, path + (rawQuery == null ? "" : "?" + rawQuery));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The 1.x /write query for a v2 write query; null if bucket or precision is unusable. */
  static String v1WriteQuery(String rawQuery) {
    Map<String, String> params = parse(rawQuery);
    String bucket = params.get("bucket");
    String precision = PRECISIONS.get(params.getOrDefault("precision", "ns"));
    if (bucket == null || bucket.isEmpty() || precision == null) {
      return null;
    }
    int slash = bucket.indexOf('/');
    String db = slash < 0 ? bucket : bucket.substring(0, slash);
    StringBuilder query = new StringBuilder("db=").append(encode(db));
    if (slash >= 0) {
      query.append("&rp=").append(encode(bucket.substring(slash + 1)));
    }
    return query.append("&precision=").append(precision).toString();
  }

  private void forward(HttpExchange exchange, String pathAndQuery)
      throws IOException, InterruptedException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      respond(exchange, 502,
          "{\"code\":\"unavailable\",\"message\":\"influxd at " + target + " does not answer\"}");
      return;
    }
    response.headers().map().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        exchange.getResponseHeaders().put(name, List.copyOf(values));
      }
    });
    byte[] answer = response.body();
    exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  private void health(HttpExchange exchange) throws IOException, InterruptedException {
    boolean up;
    try {
      up = client.send(
              HttpRequest.newBuilder(target.resolve("/ping")).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode() == 204;
    } catch (IOException e) {
      up = false;
    }
    respond(exchange, up ? 200 : 503,
        "{\"name\":\"influxdb\",\"message\":\"" + (up ? "ready for queries and writes" : "influxd does not answer")
            + "\",\"status\":\"" + (up ? "pass" : "fail") + "\",\"checks\":[]}");
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> parse(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
