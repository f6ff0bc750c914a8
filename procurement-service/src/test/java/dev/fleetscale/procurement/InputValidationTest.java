package dev.fleetscale.procurement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.procurement.proposal.DemandOutcome;
import dev.fleetscale.procurement.proposal.ProposalService;
import dev.fleetscale.procurement.proposal.TestDemands;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input, tried as a new user would: every case is refused, the 400 names the field and the
 * rule, and no answer names a Java type, a framework argument or a parser option. Impossible
 * demands never become proposals.
 */
@MicronautTest
@Property(name = "fleetscale.kafka.enabled", value = "false")
@Property(name = "fleetscale.influx.enabled", value = "false")
@Property(name = "micronaut.server.port", value = "-1")
class InputValidationTest {

  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ProposalService service;

  /** The body of a 400, after checking the status and that nothing internal leaks. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> badRequest(HttpRequest<?> request) {
    try {
      http.toBlocking().exchange(request, String.class);
    } catch (HttpClientResponseException e) {
      assertThat(e.getStatus().getCode()).as("status of %s", request.getPath()).isEqualTo(400);
      String raw = e.getResponse().getBody(String.class).orElseThrow();
      assertThat(raw).doesNotContain("dev.fleetscale", "java.", "No enum constant",
          "Failed to convert", "Error deserializing", "Feature", "REDACTED",
          "CapacityRequirement", "WhatIfRequest");
      Map<String, Object> body = e.getResponse().getBody(Map.class).orElseThrow();
      assertThat(body).containsEntry("status", 400).containsKeys("message", "details", "path");
      return body;
    }
    throw new AssertionError("expected 400 for " + request.getPath());
  }

  private static String message(Map<String, Object> body) {
    return (String) body.get("message");
  }

  private static HttpRequest<String> whatIf(String fields) {
    return HttpRequest.POST("/what-if", "{\"pool\": \"p\", " + fields + "}")
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private static String future() {
    return "\"needed_by\": \"" + TODAY.plusDays(90) + "\"";
  }

  @Test
  void whatIfWithNegativeGpusNamesTheFieldAndTheRule() {
    Map<String, Object> body = badRequest(whatIf("\"gpus\": -16, " + future()));
    assertThat(message(body)).isEqualTo("gpus: must be greater than or equal to 0, got '-16'");
    assertThat(body).containsEntry("path", "/what-if");
  }

  @Test
  void whatIfWithoutNeededByNamesTheField() {
    assertThat(message(badRequest(whatIf("\"gpus\": 16"))))
        .isEqualTo("needed_by: must not be null");
  }

  @Test
  void whatIfWithFractionalGpusIsRefusedNotTruncated() {
    assertThat(message(badRequest(whatIf("\"gpus\": 1.5, " + future()))))
        .isEqualTo("gpus: must be a whole number, got '1.5'");
  }

  @Test
  void whatIfNeededByInThePastIsRefused() {
    LocalDate past = TODAY.minusDays(3);
    assertThat(message(badRequest(whatIf("\"gpus\": 8, \"needed_by\": \"" + past + "\""))))
        .isEqualTo("needed_by: must be today or later (today is " + TODAY + "), got '" + past
            + "'");
  }

  @Test
  void whatIfAskingForNothingIsRefused() {
    assertThat(message(badRequest(whatIf("\"gpus\": 0, " + future()))))
        .startsWith("gpus, gpu_memory_gb, bf16_tflops, ssd_capacity_tb, ssd_read_gb_per_s,"
            + " network_gbps: at least one must be greater than 0");
  }

  @Test
  void whatIfWithWrongTypesNamesEachField() {
    assertThat(message(badRequest(whatIf("\"gpus\": \"many\", " + future()))))
        .startsWith("gpus: must be a number");
    assertThat(message(badRequest(whatIf("\"gpus\": 8, \"needed_by\": \"soon\""))))
        .isEqualTo("needed_by: must be a date, YYYY-MM-DD, got 'soon'");
    assertThat(message(badRequest(
        whatIf("\"gpus\": 8, \"network_gbps\": {\"a\": 1}, " + future()))))
        .startsWith("network_gbps: must be a number");
  }

  @Test
  void whatIfWithAnUnknownFieldNamesIt() {
    assertThat(message(badRequest(whatIf("\"gpu\": 16, " + future()))))
        .isEqualTo("gpu: unknown field (fields: pool, gpus, gpu_memory_gb, bf16_tflops,"
            + " ssd_capacity_tb, ssd_read_gb_per_s, network_gbps, needed_by, gpu_model, per_gpu)");
  }

  @Test
  void whatIfPerGpuRequirementsAreCheckedByName() {
    assertThat(message(badRequest(whatIf("\"gpus\": 16, \"per_gpu\": {\"min_memory_gb\": -1}, "
        + future())))).isEqualTo("per_gpu.min_memory_gb: must be greater than or equal to 0, got '-1.0'");
    assertThat(message(badRequest(whatIf("\"gpus\": 16, \"per_gpu\": {\"min_memory\": 80}, "
        + future())))).startsWith("per_gpu.min_memory: unknown field");
  }

  @Test
  void whatIfThatIsNotJsonSaysWhereWithoutParserOptions() {
    assertThat(message(badRequest(HttpRequest.POST("/what-if", "{nope")
        .contentType(MediaType.APPLICATION_JSON_TYPE))))
        .startsWith("body: not valid JSON (line 1, column 2)");
    assertThat(message(badRequest(whatIf("\"gpus\": NaN, " + future()))))
        .startsWith("body: not valid JSON");
  }

  @Test
  void unknownStatusFilterListsTheAllowedValues() {
    assertThat(message(badRequest(HttpRequest.GET("/proposals?status=FOO"))))
        .isEqualTo("status: must be one of [PROPOSED, APPROVED, REJECTED, ORDERED, DELIVERED,"
            + " EXPIRED, SUPERSEDED], got 'FOO'");
  }

  @Test
  void decisionsNameTheMissingBodyAndBlankFields() {
    String id = service.onDemand(TestDemands.gpus("input-d1", "input-pool", 8,
        TODAY.plusDays(90), Instant.now(), null)).proposal().proposal().proposalId();

    assertThat(message(badRequest(HttpRequest.POST("/proposals/" + id + "/approve", "")
        .contentType(MediaType.APPLICATION_JSON_TYPE)))).isEqualTo("body: is required");
    assertThat(message(badRequest(HttpRequest.POST("/proposals/" + id + "/approve",
        Map.of("by", " ", "reason", "ok"))))).isEqualTo("by: must not be blank, got ' '");
  }

  @Test
  void demandsWithoutAShortfallOrWithAPastDateNeverBecomeProposals() {
    int before = service.list(null, null).size();
    CapacityDemand zero = TestDemands.gpus("input-zero", "input-bad", 0, TODAY.plusDays(90),
        Instant.now(), null);
    CapacityDemand negative = TestDemands.gpus("input-neg", "input-bad", -4, TODAY.plusDays(90),
        Instant.now(), null);
    CapacityDemand tiny = TestDemands.gpus("input-tiny", "input-bad", 1e-12, TODAY.plusDays(90),
        Instant.now(), null);
    CapacityDemand late = TestDemands.gpus("input-late", "input-bad", 16, TODAY.minusDays(1),
        Instant.now(), null);

    List<DemandOutcome> outcomes = List.of(service.onDemand(zero), service.onDemand(negative),
        service.onDemand(tiny), service.onDemand(late));

    assertThat(outcomes).allSatisfy(o -> {
      assertThat(o.kind()).isEqualTo(DemandOutcome.Kind.REJECTED);
      assertThat(o.proposal()).isNull();
    });
    assertThat(outcomes).extracting(DemandOutcome::reason).containsExactly(
        "shortfall: must be greater than 0 and finite, got 0.0",
        "shortfall: must be greater than 0 and finite, got -4.0",
        "shortfall: 1.0E-12 GPU_COUNT rounds to nothing to buy",
        "needed_by: " + TODAY.minusDays(1) + " is in the past (today is " + TODAY
            + "); nothing ordered now can be in service by then");
    assertThat(service.list(null, null)).hasSize(before);
    assertThat(service.list("input-bad", null)).isEmpty();
  }
}
