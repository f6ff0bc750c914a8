package dev.fleetscale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.gateway.support.GatewayCalls;
import dev.fleetscale.gateway.support.GatewayCalls.Answer;
import dev.fleetscale.gateway.support.GatewayStack;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import dev.fleetscale.gateway.security.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway in front of procurement-service's real application, on a real Kafka broker and a
 * real influxd: proposals read and decided through the gateway, the approver recorded as the
 * authenticated principal, the raiser refused, errors in one shape, and an audit record of every
 * state-changing call read back from InfluxDB. Each test uses its own pool.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProposalsApiIT implements TestPropertyProvider {

  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @RegisterExtension
  static final InfluxExtension INFLUX = new InfluxExtension();

  private static final GatewayStack STACK = new GatewayStack(KAFKA, INFLUX);

  @Inject
  EmbeddedServer server;

  GatewayCalls calls;

  @Override
  public Map<String, String> getProperties() {
    return STACK.start();
  }

  @BeforeAll
  void calls() {
    calls = new GatewayCalls(server.getPort());
  }

  @AfterAll
  void stop() throws Exception {
    STACK.close();
  }

  private static String token(String principal) {
    return STACK.token(principal);
  }

  private Map<String, Object> proposal(String id) {
    Answer a = calls.get("/api/v1/proposals/" + id, token("vera"));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.object();
  }

  @SuppressWarnings("unchecked")
  private static String status(Map<String, Object> tracked) {
    return (String) ((Map<String, Object>) tracked.get("proposal")).get("status");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lastChange(Map<String, Object> tracked) {
    List<Map<String, Object>> history = (List<Map<String, Object>>) tracked.get("history");
    return history.get(history.size() - 1);
  }

  @Test
  void approvalIsRecordedWithThePrincipalNeverABodyField() {
    String id = STACK.proposal(calls, "pool-approve");

    Answer forged = calls.post("/api/v1/proposals/" + id + "/approve", token("alice"),
        "{\"by\": \"mallory\", \"reason\": \"capacity for Q3\"}");
    assertThat(forged.status()).as(forged.body()).isEqualTo(400);
    assertThat(forged.object()).containsEntry("message", "by: unknown field (fields: reason)")
        .containsEntry("path", "/api/v1/proposals/" + id + "/approve");
    assertThat(status(proposal(id))).isEqualTo("PROPOSED");

    Answer approved = calls.post("/api/v1/proposals/" + id + "/approve", token("alice"),
        "{\"reason\": \"capacity for Q3\"}");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(status(approved.object())).isEqualTo("APPROVED");
    assertThat(lastChange(approved.object())).containsEntry("by", "alice")
        .containsEntry("note", "capacity for Q3");

    // procurement stored it with the principal: read back from InfluxDB.
    List<Map<String, Object>> stored = INFLUX.query("SELECT changed_by, note FROM"
        + " procurement_proposal WHERE proposal_id = '" + id + "' AND status = 'APPROVED'");
    assertThat(stored).singleElement().satisfies(row -> assertThat(row)
        .containsEntry("changed_by", "alice").containsEntry("note", "capacity for Q3"));

    // The audit log has the refused forgery and the approval, with who, role, target, address.
    List<Map<String, Object>> audit = INFLUX.query("SELECT * FROM gateway_audit WHERE"
        + " action = 'proposal.approve' AND target = '" + id + "' ORDER BY time");
    assertThat(audit).hasSize(2);
    assertThat(audit.get(0)).containsEntry("principal", "alice").containsEntry("role", "approver")
        .containsEntry("result", "refused").containsEntry("method", "POST")
        .containsEntry("address", "127.0.0.1")
        .containsEntry("message", "by: unknown field (fields: reason)");
    assertThat(((Number) audit.get(0).get("status")).intValue()).isEqualTo(400);
    assertThat(audit.get(1)).containsEntry("principal", "alice").containsEntry("role", "approver")
        .containsEntry("result", "ok").containsEntry("path", "/api/v1/proposals/" + id + "/approve");
    assertThat(((Number) audit.get(1).get("status")).intValue()).isEqualTo(200);
  }

  @Test
  void procurementAnswersOnlyTheGatewayWithItsServiceToken() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (String path : List.of("/proposals", "/catalog")) {
      java.net.http.HttpResponse<String> direct = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(STACK.procurementUrl() + path)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(direct.statusCode()).as(path + ": " + direct.body()).isEqualTo(401);
    }
    // Through the gateway, which sends the token, the same list is answered.
    assertThat(calls.get("/api/v1/proposals", token("vera")).status()).isEqualTo(200);
  }

  @Test
  void theRaiserMayNotApproveOrReject() {
    String id = STACK.proposal(calls, "pool-raiser");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> history = (List<Map<String, Object>>) proposal(id).get("history");
    assertThat(history.get(0)).containsEntry("status", "PROPOSED").containsEntry("by", "solver");

    for (String action : List.of("approve", "reject")) {
      Answer a = calls.post("/api/v1/proposals/" + id + "/" + action, token("solver"),
          "{\"reason\": \"looks fine to me\"}");
      assertThat(a.status()).as(a.body()).isEqualTo(403);
      assertThat((String) a.object().get("message"))
          .isEqualTo("solver raised this proposal and may not " + action + " it: an approver"
              + " decides only on proposals someone else raised");
    }
    assertThat(status(proposal(id))).isEqualTo("PROPOSED");
    assertThat(INFLUX.query("SELECT * FROM gateway_audit WHERE principal = 'solver' AND"
        + " target = '" + id + "' AND result = 'denied'")).hasSize(2);
  }

  @Test
  void twoStepReviewThenDeliveryEachNeedsItsRoleAndReason() {
    String id = STACK.proposal(calls, "pool-review");
    String base = "/api/v1/proposals/" + id;

    Answer noReason = calls.post(base + "/approve", token("alice"), "{}");
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.object()).containsEntry("message",
        "reason: must not be blank (required to approve)");
    Answer tooLong = calls.post(base + "/approve", token("alice"),
        "{\"reason\": \"" + "x".repeat(2001) + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat((String) tooLong.object().get("message")).startsWith("reason: size must be between");
    Answer notJson = calls.post(base + "/approve", token("alice"), "{reason: ");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.object()).containsEntry("message", "body: not valid JSON");

    // An operator may not approve; ordering before approval is procurement's 409, passed through.
    assertThat(calls.post(base + "/approve", token("oscar"), "{\"reason\": \"r\"}").status())
        .isEqualTo(403);
    Answer early = calls.post(base + "/order", token("alice"), "{\"reason\": \"PO-4711\"}");
    assertThat(early.status()).as(early.body()).isEqualTo(409);
    assertThat(early.object()).containsEntry("error", "Conflict")
        .containsEntry("path", base + "/order");
    assertThat((String) early.object().get("message")).contains("cannot become ORDERED");

    assertThat(calls.post(base + "/approve", token("alice"), "{\"reason\": \"needed\"}").status())
        .isEqualTo(200);
    Answer orderNoReason = calls.post(base + "/order", token("alice"), "{}");
    assertThat(orderNoReason.object()).containsEntry("message",
        "reason: must not be blank (required to order)");
    assertThat(calls.post(base + "/order", token("oscar"), "{\"reason\": \"PO-4711\"}").status())
        .isEqualTo(403);
    Answer ordered = calls.post(base + "/order", token("ada"), "{\"reason\": \"PO-4711\"}");
    assertThat(ordered.status()).as(ordered.body()).isEqualTo(200);
    assertThat(lastChange(ordered.object())).containsEntry("by", "ada")
        .containsEntry("status", "ORDERED");
    Answer delivered = calls.post(base + "/deliver", token("oscar"), null);
    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    assertThat(lastChange(delivered.object())).containsEntry("by", "oscar")
        .containsEntry("status", "DELIVERED");
  }

  @Test
  void errorsHaveOneShapeAndProcurementsAnswersPassThrough() {
    Answer unknown = calls.get("/api/v1/proposals/00000000-0000-0000-0000-000000000000",
        token("vera"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.object()).containsOnlyKeys("status", "error", "message", "details", "path")
        .containsEntry("error", "Not Found")
        .containsEntry("path", "/api/v1/proposals/00000000-0000-0000-0000-000000000000");
    assertThat((String) unknown.object().get("message")).contains("00000000-0000");

    Answer badId = calls.get("/api/v1/proposals/bad$id", token("vera"));
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.object()).containsEntry("message",
        "id: must be a proposal id (1-64 letters, digits and -)");

    Answer badStatus = calls.get("/api/v1/proposals?status=FOO", token("vera"));
    assertThat(badStatus.status()).isEqualTo(400);
    assertThat((String) badStatus.object().get("message")).startsWith("status: must be one of");

    Answer noToken = calls.get("/api/v1/proposals", null);
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.object()).containsOnlyKeys("status", "error", "message", "details", "path")
        .containsEntry("error", "Unauthorized");
    Answer forbidden = calls.get("/api/v1/audit", token("alice"));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.object()).containsEntry("message",
        "needs role admin; this token's role is approver");

    Answer noRoute = calls.get("/api/v1/nothing-here", token("ada"));
    assertThat(noRoute.status()).isIn(401, 403, 404);
    assertThat(noRoute.object()).containsOnlyKeys("status", "error", "message", "details", "path");
  }

  @Test
  @SuppressWarnings("unchecked")
  void adminsReadTheAuditLog() {
    String id = STACK.proposal(calls, "pool-audit");
    calls.post("/api/v1/proposals/" + id + "/reject", token("alice"), "{\"reason\": \"too dear\"}");
    calls.post("/api/v1/proposals/" + id + "/reject", null, "{\"reason\": \"anonymous\"}");

    Answer log = calls.get("/api/v1/audit?action=proposal.reject&limit=50", token("ada"));
    assertThat(log.status()).as(log.body()).isEqualTo(200);
    List<Map<String, Object>> records = ((List<Map<String, Object>>) log.json()).stream()
        .filter(r -> id.equals(r.get("target"))).toList();
    assertThat(records).hasSize(2);
    // newest first
    assertThat(records.get(0)).containsEntry("principal", "anonymous").containsEntry("role", "none")
        .containsEntry("result", "denied").containsEntry("status", 401);
    assertThat(records.get(1)).containsEntry("principal", "alice").containsEntry("result", "ok")
        .containsEntry("address", "127.0.0.1").containsKey("time");

    Answer bad = calls.get("/api/v1/audit?limit=0", token("ada"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.object()).containsEntry("message", "limit: must be greater than or equal to 1");
    Answer injection = calls.get("/api/v1/audit?principal=x'%20OR%20'1'='1", token("ada"));
    assertThat(injection.status()).isEqualTo(400);
    assertThat((String) injection.object().get("message")).startsWith("principal: must be");
  }

  /** A request that the right role must be answered 2xx for: its path and body. */
  private record Call(String path, String body) {}

  /** A principal per role. */
  private static final Map<String, String> BY_ROLE = Map.of(
      "viewer", "vera", "operator", "oscar", "approver", "alice", "admin", "ada");

  /** A route's intended role ({@code open}: no token needed) and how to make its request succeed. */
  private record Row(String role, Supplier<Call> call) {}

  /** Every route with its intended role; the test fails for a route missing here. */
  private Map<String, Row> table() {
    Map<String, Row> t = new LinkedHashMap<>();
    t.put("GET /metrics", new Row("open", () -> new Call("/metrics", null)));
    t.put("GET /openapi", new Row("viewer", () -> new Call("/openapi", null)));
    t.put("GET /api/v1/audit", new Row("admin", () -> new Call("/api/v1/audit", null)));
    t.put("GET /api/v1/proposals", new Row("viewer", () -> new Call("/api/v1/proposals", null)));
    t.put("GET /api/v1/proposals/{id}", new Row("viewer",
        () -> new Call("/api/v1/proposals/" + STACK.proposal(calls, "pool-route-get"), null)));
    t.put("POST /api/v1/proposals/{id}/approve", new Row("approver", () -> new Call(
        "/api/v1/proposals/" + STACK.proposal(calls, "pool-route-approve") + "/approve",
        "{\"reason\": \"r\"}")));
    t.put("POST /api/v1/proposals/{id}/reject", new Row("approver", () -> new Call(
        "/api/v1/proposals/" + STACK.proposal(calls, "pool-route-reject") + "/reject",
        "{\"reason\": \"r\"}")));
    t.put("POST /api/v1/proposals/{id}/order", new Row("approver", () -> new Call(
        "/api/v1/proposals/" + inStatus("pool-route-order", "approve") + "/order",
        "{\"reason\": \"PO-1\"}")));
    t.put("POST /api/v1/proposals/{id}/deliver", new Row("operator", () -> new Call(
        "/api/v1/proposals/" + inStatus("pool-route-deliver", "approve", "order") + "/deliver",
        "{}")));
    t.put("POST /api/v1/stream/tickets", new Row("viewer",
        () -> new Call("/api/v1/stream/tickets", null)));
    t.put("GET /api/v1/stream", new Row("viewer", () -> new Call("/api/v1/stream", null)));
    t.put("GET /api/v1/session", new Row("viewer", () -> new Call("/api/v1/session", null)));
    t.put("POST /api/v1/plans", new Row("operator", () -> new Call("/api/v1/plans",
        planBody("pool-route-plan"))));
    t.put("POST /api/v1/plans/what-if", new Row("viewer", () -> new Call(
        "/api/v1/plans/what-if", planBody("pool-route-plan-what-if"))));
    t.put("POST /api/v1/what-if", new Row("operator", () -> new Call("/api/v1/what-if",
        whatIf("pool-route-what-if"))));
    t.put("GET /api/v1/pools", new Row("viewer", () -> new Call("/api/v1/pools", null)));
    t.put("GET /api/v1/hosts", new Row("viewer", () -> new Call("/api/v1/hosts", null)));
    t.put("GET /api/v1/gpus", new Row("viewer", () -> new Call("/api/v1/gpus", null)));
    t.put("GET /api/v1/gpus/idle", new Row("viewer", () -> new Call("/api/v1/gpus/idle", null)));
    t.put("GET /api/v1/decisions", new Row("viewer", () -> new Call("/api/v1/decisions", null)));
    return t;
  }

  /** A small training plan: 7e9 parameters on 2e11 tokens in 30 days, from 90 days on. */
  private static String planBody(String pool) {
    java.time.LocalDate neededBy = java.time.LocalDate.now().plusDays(90);
    return "{\"pool\": \"" + pool + "\", \"needed_by\": \"" + neededBy + "\", \"train\":"
        + " {\"parameters\": 7e9, \"tokens\": 2e11, \"precision\": \"BF16\", \"deadline\": \""
        + neededBy.plusDays(30) + "\"}}";
  }

  /** A what-if requirement procurement can solve: 8 GPUs for {@code pool}, in 120 days. */
  static String whatIf(String pool) {
    return "{\"pool\": \"" + pool + "\", \"gpus\": 8, \"needed_by\": \""
        + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(120) + "\"}";
  }

  @Test
  @SuppressWarnings("unchecked")
  void whatIfIsSolvedByProcurementAndItsRefusalsPassThrough() {
    Answer solved = calls.post("/api/v1/what-if", token("oscar"), whatIf("pool-what-if"));
    assertThat(solved.status()).as(solved.body()).isEqualTo(200);
    assertThat(solved.object()).isNotEmpty();
    Answer typo = calls.post("/api/v1/what-if", token("oscar"),
        "{\"pool\": \"p\", \"gpu\": 16, \"needed_by\": \"2099-01-01\"}");
    assertThat(typo.status()).as(typo.body()).isEqualTo(400);
    assertThat((String) typo.object().get("message")).startsWith("gpu: unknown field");
    assertThat(typo.object()).containsEntry("path", "/api/v1/what-if");
    assertThat(calls.post("/api/v1/what-if", token("oscar"), "[1, 2]").status()).isEqualTo(400);
    assertThat(calls.post("/api/v1/what-if", token("vera"), whatIf("p")).status()).isEqualTo(403);
    // Nothing stored: no proposal for the what-if's pool.
    assertThat((List<Object>) calls.get("/api/v1/proposals?pool=pool-what-if", token("vera"))
        .json()).isEmpty();
  }

  /** Bodies that must be refused with a 4xx and a message, leaving the proposal as it was. */
  private static final List<String> BAD_BODIES = List.of(
      "{reason: ",
      "not json at all",
      "[\"reason\"]",
      "\"just a string\"",
      "{\"reason\": {\"nested\": true}}",
      "{\"reason\": \"ok\", \"by\": \"mallory\"}",
      "{\"reason\": \"ok\", \"status\": \"ORDERED\"}",
      "{\"reason\": \"" + "y".repeat(2001) + "\"}",
      "{\"reason\": \"   \"}",
      "{\"reason\": null}");

  @Test
  @SuppressWarnings("unchecked")
  void badInputIsRefusedWithAMessageAndNothingIsStored() {
    String id = STACK.proposal(calls, "pool-bad-input");
    int historyBefore = ((List<Object>) proposal(id).get("history")).size();
    for (String body : BAD_BODIES) {
      for (String action : List.of("approve", "reject", "order")) {
        Answer a = calls.post("/api/v1/proposals/" + id + "/" + action, token("alice"), body);
        assertThat(a.status()).as(action + " " + body + ": " + a.body()).isBetween(400, 499);
        assertThat((String) a.object().get("message")).as(body).isNotBlank();
      }
    }
    // Injection strings in text fields are data, never code: the id is refused by its rule, the
    // reason stored as it was sent (here on a rejection of another proposal).
    Answer idInjection = calls.post("/api/v1/proposals/x'%20OR%20'1'='1/approve", token("alice"),
        "{\"reason\": \"r\"}");
    assertThat(idInjection.status()).isBetween(400, 404);
    Map<String, Object> unchanged = proposal(id);
    assertThat(status(unchanged)).isEqualTo("PROPOSED");
    assertThat((List<Object>) unchanged.get("history")).hasSize(historyBefore);

    String other = STACK.proposal(calls, "pool-injection");
    String reason = "'; DROP MEASUREMENT procurement_proposal; -- <script>alert(1)</script>\\\"";
    Answer rejected = calls.post("/api/v1/proposals/" + other + "/reject", token("alice"),
        "{\"reason\": " + json(reason) + "}");
    assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
    assertThat(lastChange(rejected.object())).containsEntry("note", reason);
    assertThat(INFLUX.query("SELECT note FROM procurement_proposal WHERE proposal_id = '" + other
        + "' AND status = 'REJECTED'")).singleElement()
        .satisfies(row -> assertThat(row).containsEntry("note", reason));
  }

  private static String json(String s) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new proposal for {@code pool}, moved through {@code steps} by an admin. */
  private String inStatus(String pool, String... steps) {
    String id = STACK.proposal(calls, pool);
    for (String step : steps) {
      Answer a = calls.post("/api/v1/proposals/" + id + "/" + step, token("ada"),
          "{\"reason\": \"set-up\"}");
      assertThat(a.status()).as(step + ": " + a.body()).isEqualTo(200);
    }
    return id;
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyRouteOfTheOpenApiDocumentIsSecuredByItsRole() {
    Answer doc = calls.get("/openapi", token("vera"));
    assertThat(doc.status()).isEqualTo(200);
    Map<String, Object> openapi = new Yaml(new SafeConstructor(new LoaderOptions())).load(doc.body());
    Map<String, Map<String, Map<String, Object>>> paths =
        (Map<String, Map<String, Map<String, Object>>>) openapi.get("paths");

    Map<String, Row> table = table();
    List<String> routes = new ArrayList<>();
    paths.forEach((path, operations) -> operations.keySet()
        .forEach(method -> routes.add(method.toUpperCase() + " " + path)));
    assertThat(routes).as("every route of /openapi has a row in the table, and no row is stale")
        .containsExactlyInAnyOrderElementsOf(table.keySet());

    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      Map<String, Object> operation = paths.get(path).get(method.toLowerCase());
      List<Map<String, List<String>>> security =
          (List<Map<String, List<String>>>) operation.get("security");
      Row row = table.get(route);
      Call call = row.call().get();
      if (security == null || security.isEmpty()) {
        assertThat(row.role()).as(route + " has no security requirement").isEqualTo("open");
        assertThat(calls.send(method, call.path(), null, call.body()).status()).as(route)
            .isEqualTo(200);
        continue;
      }
      List<String> roles = security.get(0).get("bearer");
      assertThat(roles).as(route + ": the role it is secured with").containsExactly(row.role());
      Role role = Role.of(roles.get(0));

      Answer none = calls.send(method, call.path(), null, call.body());
      assertThat(none.status()).as(route + " without a token").isEqualTo(401);
      assertThat(none.headers().get("www-authenticate")).as(route).isNotNull();
      Answer wrong = calls.send(method, call.path(), "not-a-configured-token", call.body());
      assertThat(wrong.status()).as(route + " with an unknown token").isEqualTo(401);
      if (role.ordinal() > 0) {
        String below = BY_ROLE.get(Role.values()[role.ordinal() - 1].id());
        Answer low = calls.send(method, call.path(), token(below), call.body());
        assertThat(low.status()).as(route + " with the role below " + role.id()).isEqualTo(403);
      }
      Answer right = calls.send(method, call.path(), token(BY_ROLE.get(role.id())), call.body());
      assertThat(right.status()).as(route + " with role " + role.id() + ": " + right.body())
          .isBetween(200, 299);
    }
  }
}
