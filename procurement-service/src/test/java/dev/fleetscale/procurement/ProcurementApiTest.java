package dev.fleetscale.procurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.procurement.proposal.DemandOutcome;
import dev.fleetscale.procurement.proposal.ProposalService;
import dev.fleetscale.procurement.proposal.TestDemands;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST API over the in-memory journal, without Kafka: shapes, statuses and messages. */
@MicronautTest
@Property(name = "fleetscale.kafka.enabled", value = "false")
@Property(name = "fleetscale.influx.enabled", value = "false")
@Property(name = "micronaut.server.port", value = "-1")
class ProcurementApiTest {

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ProposalService service;

  private String newProposal(String pool) {
    DemandOutcome o = service.onDemand(TestDemands.gpus("demand-" + pool, pool, 16,
        LocalDate.now().plusDays(90), Instant.now(), null));
    return o.proposal().proposal().proposalId();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> post(String path, Object body) {
    return http.toBlocking().retrieve(HttpRequest.POST(path, body), Map.class);
  }

  private HttpClientResponseException error(Runnable call) {
    try {
      call.run();
    } catch (HttpClientResponseException e) {
      return e;
    }
    throw new AssertionError("expected an error response");
  }

  @Test
  @SuppressWarnings("unchecked")
  void lifecycleThroughTheApiKeepsHistory() {
    String id = newProposal("api-pool");

    post("/proposals/" + id + "/approve", Map.of("by", "alice", "reason", "fits the budget"));
    post("/proposals/" + id + "/order", Map.of("by", "bob"));
    Map<String, Object> delivered = post("/proposals/" + id + "/deliver",
        Map.of("by", "dc-ops", "reason", "racked"));

    Map<String, Object> proposal = (Map<String, Object>) delivered.get("proposal");
    assertThat((Object) proposal.get("status")).isEqualTo("DELIVERED");
    assertThat((Object) proposal.get("changed_by")).isEqualTo("dc-ops");
    assertThat(proposal).containsKeys("line_items", "cost_per_hour", "justification");
    List<Map<String, Object>> history = (List<Map<String, Object>>) delivered.get("history");
    assertThat(history).extracting(h -> h.get("status"))
        .containsExactly("PROPOSED", "APPROVED", "ORDERED", "DELIVERED");
    assertThat(history.get(1)).containsEntry("by", "alice").containsEntry("note",
        "fits the budget");

    Map<String, Object> fetched = http.toBlocking().retrieve("/proposals/" + id, Map.class);
    assertThat((Object) ((Map<String, Object>) fetched.get("proposal")).get("status"))
        .isEqualTo("DELIVERED");
    List<Object> listed = http.toBlocking().retrieve(
        HttpRequest.GET("/proposals?pool=api-pool&status=DELIVERED"), Argument.listOf(Object.class));
    assertThat(listed).hasSize(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void illegalTransitionIs409WithTheOneErrorShape() {
    String id = newProposal("conflict-pool");

    HttpClientResponseException e = error(() -> post("/proposals/" + id + "/deliver",
        Map.of("by", "eve")));

    assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.CONFLICT.getCode());
    Map<String, Object> body = e.getResponse().getBody(Map.class).orElseThrow();
    assertThat(body).containsEntry("status", 409).containsEntry("error", "Conflict")
        .containsEntry("path", "/proposals/" + id + "/deliver");
    assertThat((String) body.get("message"))
        .isEqualTo("proposal " + id + " is PROPOSED and cannot become DELIVERED;"
            + " allowed next: [APPROVED, REJECTED, EXPIRED, SUPERSEDED]");
    assertThat(service.get(id).proposal().status()).isEqualTo(ProposalStatus.PROPOSED);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyErrorHasTheSameShape() {
    HttpClientResponseException missing = error(() -> http.toBlocking()
        .retrieve("/proposals/nope"));
    HttpClientResponseException noRoute = error(() -> http.toBlocking().retrieve("/nowhere"));
    HttpClientResponseException noReason = error(() -> post(
        "/proposals/" + newProposal("reason-pool") + "/reject", Map.of("by", "carol")));
    HttpClientResponseException blankBy = error(() -> post(
        "/proposals/" + newProposal("by-pool") + "/approve", Map.of("by", "", "reason", "x")));

    for (HttpClientResponseException e : List.of(missing, noRoute, noReason, blankBy)) {
      Map<String, Object> body = e.getResponse().getBody(Map.class).orElseThrow();
      assertThat(body).containsKeys("status", "error", "message", "details", "path");
      assertThat((Object) body.get("status")).isEqualTo(e.getStatus().getCode());
    }
    assertThat(missing.getStatus().getCode()).isEqualTo(HttpStatus.NOT_FOUND.getCode());
    assertThat(noRoute.getStatus().getCode()).isEqualTo(HttpStatus.NOT_FOUND.getCode());
    assertThat(noReason.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
    assertThat((Object) noReason.getResponse().getBody(Map.class).orElseThrow().get("message"))
        .isEqualTo("reason: is required to approve or reject");
    assertThat(blankBy.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
  }

  @Test
  @SuppressWarnings("unchecked")
  void whatIfSolvesWithoutStoring() {
    int before = service.list(null, null).size();
    Map<String, Object> body = post("/what-if", Map.of("pool", "any", "gpus", 16,
        "gpu_memory_gb", 0, "bf16_tflops", 0, "ssd_capacity_tb", 10, "ssd_read_gb_per_s", 0,
        "network_gbps", 400, "needed_by", LocalDate.now().plusDays(100).toString()));

    assertThat((Object) body.get("feasible")).isEqualTo(true);
    assertThat((List<Object>) body.get("lines")).isNotEmpty();
    assertThat(((Number) body.get("cost_per_hour")).doubleValue()).isPositive();
    assertThat(service.list(null, null)).hasSize(before);
  }

  @Test
  @SuppressWarnings("unchecked")
  void invalidCatalogIsRejectedWithEveryBadFieldAndTheOldOneStays() {
    Map<String, Object> before = http.toBlocking().retrieve("/catalog", Map.class);
    String bad = """
        servers:
          - {sku: x, gpu_model: H100, gpus_per_server: 0, gpu_memory_gb: 80, bf16_tflops: 989,
             power_kw: 10, rack_units: 8, capex_usd: 1, lead_time_days: 1}
        sites:
          - {pool: "*", power_budget_kw: -5, rack_units_free: 4, budget_ceiling_usd: 1}
        """;

    HttpClientResponseException e = error(() -> http.toBlocking().retrieve(
        HttpRequest.PUT("/catalog", bad).contentType("application/yaml"), Map.class));

    assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
    assertThat((List<String>) e.getResponse().getBody(Map.class).orElseThrow().get("details"))
        .containsExactlyInAnyOrder("servers[0].gpus_per_server: must be > 0",
            "sites[0].power_budget_kw: must be >= 0");
    assertThat(http.toBlocking().retrieve("/catalog", Map.class)).isEqualTo(before);
    assertThat((List<Object>) before.get("servers")).isNotEmpty();
  }

  @Test
  void servesHealthPrometheusAndOpenApi() {
    String metrics = http.toBlocking().retrieve(HttpRequest.GET("/metrics")
        .accept(MediaType.TEXT_PLAIN_TYPE), String.class);
    String health = http.toBlocking().retrieve("/health", String.class);
    String openapi = http.toBlocking().retrieve(
        "/swagger/fleetscale-procurement-service-0.1.yml", String.class);

    assertThat(metrics).contains("# TYPE jvm_memory_used_bytes gauge");
    assertThat(health).contains("UP");
    assertThat(openapi).contains("/proposals/{id}/approve").contains("/what-if");
  }
}
