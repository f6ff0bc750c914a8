package dev.fleetscale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.fleetscale.gateway.security.TokenRegistry;
import dev.fleetscale.gateway.support.GatewayCalls;
import dev.fleetscale.gateway.support.GatewayCalls.Answer;
import dev.fleetscale.gateway.support.GatewayStack;
import dev.fleetscale.testkit.influx.InfluxExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway's limits and the optional JWT sign-in: rate limit per principal (429 with
 * Retry-After), request size (413), security headers on every answer, CORS off, and JWTs from an
 * issuer whose JWKS a loopback server serves (a key made here). Each test uses its own principals,
 * so that their rate-limit buckets do not meet. Procurement is not running: no call here reaches it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewaySecurityIT implements TestPropertyProvider {

  @RegisterExtension
  static final InfluxExtension INFLUX = new InfluxExtension();

  private static final Map<String, String> TOKENS = new HashMap<>();
  private static RSAKey issuerKey;
  private static HttpServer jwks;

  @Inject
  EmbeddedServer server;

  GatewayCalls calls;

  @Override
  public Map<String, String> getProperties() {
    StringBuilder list = new StringBuilder();
    for (String[] p : new String[][] {{"rita", "viewer"}, {"ria", "viewer"}, {"hank", "viewer"},
        {"sid", "approver"}, {"cora", "viewer"}}) {
      TOKENS.put(p[0], GatewayStack.newToken());
      list.append(p[0]).append(':').append(p[1]).append(':')
          .append(TokenRegistry.sha256(TOKENS.get(p[0]))).append(',');
    }
    try {
      issuerKey = new RSAKeyGenerator(2048).keyID("test-issuer-1").generate();
      String body = new JWKSet(issuerKey.toPublicJWK()).toString();
      jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      jwks.createContext("/jwks", exchange -> {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      });
      jwks.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> p = new HashMap<>();
    p.put("fleetscale.influx.url", INFLUX.url());
    p.put("fleetscale.influx.token", new String(INFLUX.token()));
    p.put("fleetscale.influx.org", INFLUX.org());
    p.put("fleetscale.influx.bucket", INFLUX.bucket());
    p.put("micronaut.http.services.procurement.url", "http://127.0.0.1:9");
    p.put("fleetscale.gateway.tokens", list.toString());
    p.put("fleetscale.gateway.rate-limit.requests-per-second", "0.05");
    p.put("fleetscale.gateway.rate-limit.burst", "5");
    p.put("fleetscale.gateway.max-request-bytes", "4096");
    p.put("micronaut.security.token.jwt.signatures.jwks.idp.url",
        "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
    return p;
  }

  @BeforeAll
  void calls() {
    calls = new GatewayCalls(server.getPort());
  }

  @AfterAll
  void stop() {
    jwks.stop(0);
  }

  @Test
  void aTokenOverItsRateIsAnswered429WithRetryAfterAndOthersAreNot() {
    for (int i = 0; i < 5; i++) {
      assertThat(calls.get("/api/v1/decisions", TOKENS.get("rita")).status()).as("call " + i)
          .isEqualTo(200);
    }
    Answer limited = calls.get("/api/v1/decisions", TOKENS.get("rita"));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.object()).containsOnlyKeys("status", "error", "message", "details", "path")
        .containsEntry("error", "Too Many Requests");
    assertThat((String) limited.object().get("message"))
        .startsWith("rate limit: 0.05 requests per second (burst 5)");
    int retry = Integer.parseInt(limited.headers().get("retry-after").get(0));
    assertThat(retry).isBetween(1, 20);
    assertThat(calls.get("/api/v1/decisions", TOKENS.get("ria")).status()).isEqualTo(200);
  }

  @Test
  void anOversizedBodyIs413InTheOneShape() {
    String body = "{\"reason\": \"" + "x".repeat(5000) + "\"}";
    Answer a = calls.post("/api/v1/proposals/abc/approve", TOKENS.get("sid"), body);
    assertThat(a.status()).as(a.body()).isEqualTo(413);
    assertThat(a.object()).containsOnlyKeys("status", "error", "message", "details", "path")
        .containsEntry("status", 413);
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    for (Answer a : List.of(calls.get("/api/v1/decisions", TOKENS.get("hank")),
        calls.get("/api/v1/decisions", null), calls.get("/health", null))) {
      assertThat(a.headers()).as(a.status() + " " + a.body())
          .containsEntry("x-content-type-options", List.of("nosniff"))
          .containsEntry("x-frame-options", List.of("DENY"))
          .containsEntry("referrer-policy", List.of("no-referrer"))
          .containsKey("content-security-policy");
      assertThat(a.headers().get("content-security-policy").get(0))
          .contains("default-src 'self'", "frame-ancestors 'none'");
    }
    assertThat(calls.get("/api/v1/decisions", TOKENS.get("hank")).headers())
        .containsEntry("cache-control", List.of("no-store"));
  }

  @Test
  void corsIsOff() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getPort() + "/api/v1/decisions"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://evil.example")
        .header("Access-Control-Request-Method", "GET").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.headers().firstValue("access-control-allow-origin")).isEmpty();
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getPort() + "/api/v1/decisions"))
        .header("Origin", "http://evil.example")
        .header("Authorization", "Bearer " + TOKENS.get("cora")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.headers().firstValue("access-control-allow-origin")).as(get.body()).isEmpty();
    // And a gateway on loopback refuses a foreign origin outright: Micronaut's protection
    // against drive-by-localhost attacks (a web page making the user's browser call it).
    assertThat(get.statusCode()).as(get.body()).isEqualTo(403);
    @SuppressWarnings("unchecked")
    Map<String, Object> error = new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(get.body(), Map.class);
    assertThat(error).containsOnlyKeys("status", "error", "message", "details", "path")
        .containsEntry("message",
            "requests from another origin are refused (CORS is off): http://evil.example");
  }

  private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
        .type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static JWTClaimsSet claims(String subject, Object roles, long expiresInSeconds) {
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(subject)
        .issuer("http://127.0.0.1/test-issuer")
        .issueTime(new Date())
        .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000));
    if (roles != null) {
      b.claim("roles", roles);
    }
    return b.build();
  }

  @Test
  void aJwtOfTheIssuerAuthenticatesWithItsHighestFleetscaleRole() throws Exception {
    String approver = signed(issuerKey, claims("jo", List.of("staff", "approver"), 300));
    assertThat(calls.get("/api/v1/decisions", approver).status()).isEqualTo(200);
    Answer audit = calls.get("/api/v1/audit", approver);
    assertThat(audit.status()).isEqualTo(403);
    assertThat(audit.object()).containsEntry("message",
        "needs role admin; this token's role is approver");

    // Recorded under the JWT's subject and role in the audit log (the call itself fails: no
    // procurement here).
    calls.post("/api/v1/proposals/jwt-target/approve", approver, "{\"reason\": \"ok\"}");
    assertThat(INFLUX.query("SELECT * FROM gateway_audit WHERE target = 'jwt-target'"))
        .singleElement().satisfies(r -> assertThat(r).containsEntry("principal", "jo")
            .containsEntry("role", "approver"));
  }

  @Test
  void aJwtNotSignedByTheIssuerOrExpiredOrWithoutARoleIsRefused() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID("test-issuer-1").generate();
    String forged = signed(other, claims("mallory", List.of("admin"), 300));
    String expired = signed(issuerKey, claims("late", List.of("admin"), -120));
    String roleless = signed(issuerKey, claims("nobody", List.of("staff"), 300));
    String unsigned = new PlainJWT(claims("plain", List.of("admin"), 300)).serialize();
    for (String token : List.of(forged, expired, roleless, unsigned)) {
      Answer a = calls.get("/api/v1/decisions", token);
      assertThat(a.status()).as(token).isEqualTo(401);
      assertThat(a.object()).containsEntry("error", "Unauthorized");
    }
  }
}
