package dev.fleetscale.optimizer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.ServiceToken;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.pool.DecisionBoard;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With a service token configured, the read API answers only calls that carry it. */
class ReadApiServiceTokenTest {

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int serve(ReadApi api) throws Exception {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.response().end("UP"));
    api.mount(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return server.actualPort();
  }

  private int status(int port, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      b.header(ServiceToken.HEADER, token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void onlyTheGatewaysTokenIsAnsweredWhenOneIsConfigured() throws Exception {
    int port = serve(new ReadApi(new DecisionBoard(),
        new OptimizerConfig.ServiceToken("s3cret-shared")));
    for (String path : new String[] {"/pools", "/pools/p1", "/decisions"}) {
      assertThat(status(port, path, null)).as(path).isEqualTo(401);
      assertThat(status(port, path, "s3cret-share")).as(path).isEqualTo(401);
    }
    assertThat(status(port, "/pools", "s3cret-shared")).isEqualTo(200);
    assertThat(status(port, "/decisions", "s3cret-shared")).isEqualTo(200);
    assertThat(status(port, "/pools/p1", "s3cret-shared")).isEqualTo(404);
    assertThat(status(port, "/health", null)).isEqualTo(200);
    assertThat(new OptimizerConfig.ServiceToken("s3cret-shared").toString())
        .doesNotContain("s3cret");
  }

  @Test
  void withoutATokenTheReadApiIsOpen() throws Exception {
    int port = serve(new ReadApi(new DecisionBoard()));
    assertThat(status(port, "/pools", null)).isEqualTo(200);
  }
}
