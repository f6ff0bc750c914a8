package dev.fleetscale.agent.ops;

import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.runtime.health.HealthChecks;
import dev.fleetscale.runtime.http.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/**
 * Serves /health (and /health/live, /health/ready) and /metrics: the agent's and JVM's own meters
 * followed by the newest sample's device values ({@link DeviceMetrics}).
 */
public final class HttpVerticle extends VerticleBase {

  private final String host;
  private final int port;
  private final HealthChecks checks;
  private final AgentMetrics metrics;
  private final DeviceMetrics devices;
  private final Supplier<HostSample> latest;
  private HttpServer server;

  public HttpVerticle(
      String host,
      int port,
      HealthChecks checks,
      AgentMetrics metrics,
      DeviceMetrics devices,
      Supplier<HostSample> latest) {
    this.host = host;
    this.port = port;
    this.checks = checks;
    this.metrics = metrics;
    this.devices = devices;
    this.latest = latest;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    // Registered before OpsRoutes' own /metrics, which only knows the Micrometer registry; the
    // first matching route answers.
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", OpsRoutes.PROMETHEUS_CONTENT_TYPE)
        .end(metrics.registry().scrape() + devices.render(latest.get())));
    OpsRoutes.mount(router, checks, metrics.registry());
    // Plain HTTP/1.1: Prometheus and health probes need nothing else. Leaving out the h2c upgrade
    // and WebSocket compression keeps Netty's and Vert.x's HTTP/2, WebSocket-extension and zlib
    // classes (about 170, measured with -Xlog:class+load) out of the agent's memory.
    HttpServerOptions options = new HttpServerOptions()
        .setHttp2ClearTextEnabled(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false);
    return vertx.createHttpServer(options).requestHandler(router).listen(port, host)
        .onSuccess(s -> server = s);
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
