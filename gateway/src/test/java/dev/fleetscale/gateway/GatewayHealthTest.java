package dev.fleetscale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@MicronautTest
class GatewayHealthTest {

  @Inject
  @Client("/")
  HttpClient client;

  @Test
  void healthIsUp() {
    HttpResponse<String> response = client.toBlocking().exchange("/health", String.class);

    assertThat(response.code()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void prometheusMetricsAreServed() {
    String body = client.toBlocking().retrieve("/prometheus");

    assertThat(body).contains("jvm_memory_used_bytes");
  }
}
