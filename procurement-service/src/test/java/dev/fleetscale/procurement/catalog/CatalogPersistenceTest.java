package dev.fleetscale.procurement.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /catalog} gives what {@code PUT /catalog} takes, and a PUT survives a restart of
 * the application context. Without a catalog file a PUT is refused, not kept in memory.
 */
class CatalogPersistenceTest {

  @TempDir
  Path dir;

  private static EmbeddedServer start(Map<String, Object> extra) {
    Map<String, Object> p = new java.util.HashMap<>(Map.of(
        "fleetscale.kafka.enabled", "false",
        "fleetscale.influx.enabled", "false",
        "micronaut.server.port", "-1"));
    p.putAll(extra);
    return ApplicationContext.run(EmbeddedServer.class, p);
  }

  private static HttpClient client(EmbeddedServer server) {
    return server.getApplicationContext().createBean(HttpClient.class, server.getURL());
  }

  private Path catalogFile() throws IOException {
    Path file = dir.resolve("catalog.yaml");
    try (InputStream in = CatalogLoader.class.getClassLoader()
        .getResourceAsStream(CatalogLoader.DEFAULT_RESOURCE)) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  @Test
  @SuppressWarnings("unchecked")
  void getThenPutRoundTripsAndTheChangeSurvivesARestart() throws IOException {
    Path file = catalogFile();
    Map<String, Object> before;
    String changed;
    try (EmbeddedServer server = start(Map.of("fleetscale.procurement.catalog-path",
        file.toString())); HttpClient http = client(server)) {
      String got = http.toBlocking().retrieve("/catalog");
      before = http.toBlocking().retrieve(HttpRequest.GET("/catalog"), Map.class);
      assertThat((Map<String, Object>) ((List<Object>) before.get("servers")).get(0))
          .containsEntry("capex_usd", 280000.0).containsEntry("lead_time_days", 60)
          .doesNotContainKey("pricing");

      // What GET returns, PUT back unchanged, is accepted and changes nothing.
      Map<String, Object> same = http.toBlocking().retrieve(HttpRequest.PUT("/catalog", got)
          .contentType(MediaType.APPLICATION_JSON_TYPE), Map.class);
      assertThat(same).isEqualTo(before);

      changed = got.replace("\"budget_ceiling_usd\":5000000.0", "\"budget_ceiling_usd\":123.0")
          .replace("\"description\":\"Example catalog: illustrative figures, not quotes\"",
              "\"description\":\"our quotes\"");
      assertThat(changed).isNotEqualTo(got);
      http.toBlocking().exchange(HttpRequest.PUT("/catalog", changed)
          .contentType(MediaType.APPLICATION_JSON_TYPE));
    }

    try (EmbeddedServer server = start(Map.of("fleetscale.procurement.catalog-path",
        file.toString())); HttpClient http = client(server)) {
      Map<String, Object> after = http.toBlocking().retrieve(HttpRequest.GET("/catalog"),
          Map.class);
      assertThat(after).containsEntry("description", "our quotes");
      assertThat((Map<String, Object>) ((List<Object>) after.get("sites")).get(0))
          .containsEntry("budget_ceiling_usd", 123.0);
      assertThat(after.get("servers")).isEqualTo(before.get("servers"));
    }
    assertThat(Files.list(dir)).singleElement().isEqualTo(file);
  }

  @Test
  @SuppressWarnings("unchecked")
  void withoutACatalogFileAPutIsRefusedAndSaysWhy() {
    try (EmbeddedServer server = start(Map.of()); HttpClient http = client(server)) {
      String got = http.toBlocking().retrieve("/catalog");
      HttpClientResponseException e = null;
      try {
        http.toBlocking().exchange(HttpRequest.PUT("/catalog", got)
            .contentType(MediaType.APPLICATION_JSON_TYPE));
      } catch (HttpClientResponseException thrown) {
        e = thrown;
      }

      assertThat(e).isNotNull();
      assertThat(e.getStatus().getCode()).isEqualTo(409);
      assertThat((String) e.getResponse().getBody(Map.class).orElseThrow().get("message"))
          .contains("fleetscale.procurement.catalog-path")
          .contains("FLEETSCALE_PROCUREMENT_CATALOG_PATH")
          .contains("lost at the next restart");
      assertThat(http.toBlocking().retrieve("/catalog")).isEqualTo(got);
    }
  }
}
