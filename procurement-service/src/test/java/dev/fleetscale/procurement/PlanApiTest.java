package dev.fleetscale.procurement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.procurement.proposal.ProposalService;
import dev.fleetscale.procurement.proposal.TrackedProposal;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /plans and /plans/what-if without Kafka: demands go straight to the proposal service. */
@MicronautTest
@Property(name = "fleetscale.kafka.enabled", value = "false")
@Property(name = "fleetscale.influx.enabled", value = "false")
@Property(name = "micronaut.server.port", value = "-1")
class PlanApiTest {

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ProposalService service;

  static Map<String, Object> trainBody(String pool) {
    LocalDate neededBy = LocalDate.now().plusDays(90);
    return Map.of("pool", pool, "needed_by", neededBy.toString(), "train", Map.of(
        "parameters", 7e9, "tokens", 2e11, "precision", "BF16",
        "deadline", neededBy.plusDays(30).toString()));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> post(String path, Object body) {
    return http.toBlocking().retrieve(HttpRequest.POST(path, body), Map.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void whatIfShowsTheArithmeticTheDemandsAndTheMixWithoutStoring() {
    int before = service.list(null, null).size();

    Map<String, Object> body = post("/plans/what-if", trainBody("plan-what-if"));

    Map<String, Object> plan = (Map<String, Object>) body.get("plan");
    assertThat((Object) plan.get("reference_gpu_model")).isEqualTo("H100-SXM");
    assertThat((List<Object>) plan.get("steps")).hasSizeGreaterThan(10);
    List<Map<String, Object>> demands = (List<Map<String, Object>>) body.get("demands");
    assertThat(demands).extracting(d -> d.get("resource")).containsExactly("GPU_COUNT",
        "SSD_CAPACITY_BYTES", "NIC_BANDWIDTH_BITS_PER_SECOND");
    assertThat((String) demands.get(0).get("origin")).startsWith("model-plan:");
    assertThat((Map<String, Object>) demands.get(0).get("unit_requirements"))
        .containsEntry("reference_gpu_model", "H100-SXM")
        .containsEntry("min_nvlink_domain_gpus", 8);
    Map<String, Object> solution = (Map<String, Object>) body.get("solution");
    assertThat((Object) solution.get("feasible")).isEqualTo(true);
    assertThat((List<Map<String, Object>>) solution.get("lines"))
        .filteredOn(l -> "COMPUTE".equals(l.get("category")))
        .extracting(l -> l.get("gpu_model")).containsOnly("H100-SXM");
    assertThat((List<String>) body.get("submitted")).containsOnly("not submitted");
    assertThat(service.list(null, null)).hasSize(before);
  }

  @Test
  void planBecomesAProposalWithItsArithmetic() {
    post("/plans", trainBody("plan-pool"));

    List<TrackedProposal> proposals = service.list("plan-pool", ProposalStatus.PROPOSED);
    assertThat(proposals).hasSize(1);
    String justification = proposals.get(0).proposal().justification();
    assertThat(justification).startsWith("Pool plan-pool needs, by a model plan: ")
        .contains("1. training FLOPs: 6 · N · D = 6 · 7.000e+09 · 2.000e+11 = 8.400e+21 FLOP")
        .contains("GPU_COUNT 16 needed by")
        .contains("Cheapest mix: 2 × example-h100-sxm-8x");
    assertThat(proposals.get(0).proposal().demandIds()).hasSize(3);
  }

  @Test
  @SuppressWarnings("unchecked")
  void badPlansNameTheFieldAndTheRule() {
    HttpClientResponseException neither = error(() -> post("/plans/what-if", Map.of(
        "pool", "p", "needed_by", LocalDate.now().plusDays(10).toString())));
    assertThat((Object) neither.getResponse().getBody(Map.class).orElseThrow().get("message"))
        .isEqualTo("train, serve: exactly one must be given");

    LocalDate neededBy = LocalDate.now().plusDays(10);
    HttpClientResponseException early = error(() -> post("/plans/what-if", Map.of("pool", "p",
        "needed_by", neededBy.toString(), "train", Map.of("parameters", 7e9, "tokens", 2e11,
            "precision", "BF16", "deadline", neededBy.toString()))));
    assertThat((String) early.getResponse().getBody(Map.class).orElseThrow().get("message"))
        .startsWith("train.deadline: must be after needed_by");

    HttpClientResponseException mfu = error(() -> post("/plans/what-if", Map.of("pool", "p",
        "needed_by", neededBy.toString(), "train", Map.of("parameters", 7e9, "tokens", 2e11,
            "precision", "BF16", "deadline", neededBy.plusDays(5).toString(), "mfu", 1.5))));
    assertThat((String) mfu.getResponse().getBody(Map.class).orElseThrow().get("message"))
        .startsWith("train.mfu: must be less than or equal to 1");
  }

  private static HttpClientResponseException error(Runnable call) {
    try {
      call.run();
    } catch (HttpClientResponseException e) {
      return e;
    }
    throw new AssertionError("expected an error response");
  }
}
