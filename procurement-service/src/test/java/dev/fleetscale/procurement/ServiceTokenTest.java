package dev.fleetscale.procurement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.ServiceToken;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With a service token configured, the API answers only calls that carry it (the gateway's). */
@MicronautTest
@Property(name = "fleetscale.kafka.enabled", value = "false")
@Property(name = "fleetscale.influx.enabled", value = "false")
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "fleetscale.procurement.service-token", value = "shared-s3cret")
class ServiceTokenTest {

  @Inject
  EmbeddedServer server;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.getPort() + path));
    if (token != null) {
      b.header(ServiceToken.HEADER, token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void onlyCallsWithTheTokenAreAnsweredProbesStayOpen() throws Exception {
    for (String path : new String[] {"/proposals", "/catalog"}) {
      HttpResponse<String> none = get(path, null);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.body()).contains("answers only the gateway").doesNotContain("shared-s3cret");
      assertThat(get(path, "shared-s3cre").statusCode()).as(path).isEqualTo(401);
    }
    assertThat(get("/proposals", "shared-s3cret").statusCode()).isEqualTo(200);
    assertThat(get("/health", null).statusCode()).isNotEqualTo(401);
    assertThat(get("/metrics", null).statusCode()).isNotEqualTo(401);
  }
}
