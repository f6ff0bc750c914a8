package dev.fleetscale.gateway.support;

import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.capacity.Evidence;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.gateway.security.TokenRegistry;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What the gateway's integration tests share: a real broker and influxd (testkit), procurement-
 * service's application on them, one random API token per principal, and demands that make
 * proposals.
 */
public final class GatewayStack implements AutoCloseable {

  /** Principals and their configured roles. {@code solver} is the name procurement's solver signs. */
  public static final Map<String, String> PRINCIPALS = Map.of(
      "vera", "viewer", "oscar", "operator", "alice", "approver", "ada", "admin",
      "solver", "approver");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KafkaBrokerExtension kafka;
  private final InfluxExtension influx;
  private final Map<String, String> tokens = new HashMap<>();
  /** The shared token with which procurement answers only the gateway. */
  private final String serviceToken = newToken();
  private ProcurementServer procurement;

  public GatewayStack(KafkaBrokerExtension kafka, InfluxExtension influx) {
    this.kafka = kafka;
    this.influx = influx;
    PRINCIPALS.keySet().forEach(name -> tokens.put(name, newToken()));
  }

  /** A high-entropy token: 32 random bytes, URL-safe base64. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** procurement-service's URL, to check that it answers only the gateway. */
  public String procurementUrl() {
    return procurement.url();
  }

  public String token(String principal) {
    return tokens.get(principal);
  }

  /** Starts procurement-service and answers the gateway's properties. */
  public Map<String, String> start() {
    kafka.createTopic(Topics.CAPACITY_DEMAND, 1);
    kafka.createTopic(Topics.PROPOSALS, 1);
    kafka.createTopic(Topics.DEADLETTER, 1);
    Map<String, Object> p = new HashMap<>(influxProperties());
    p.put("fleetscale.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("fleetscale.kafka.group-id", "gateway-it-procurement");
    p.put("micronaut.server.port", "-1");
    p.put("fleetscale.procurement.service-token", serviceToken);
    procurement = ProcurementServer.start(p);

    Map<String, String> gateway = new HashMap<>(influxProperties());
    gateway.put("micronaut.server.port", "-1");
    gateway.put("micronaut.http.services.procurement.url", procurement.url());
    gateway.put("fleetscale.gateway.service-token", serviceToken);
    StringBuilder list = new StringBuilder();
    PRINCIPALS.forEach((name, role) -> list.append(name).append(':').append(role).append(':')
        .append(TokenRegistry.sha256(tokens.get(name))).append(','));
    gateway.put("fleetscale.gateway.tokens", list.toString());
    return gateway;
  }

  private Map<String, String> influxProperties() {
    return Map.of(
        "fleetscale.influx.url", influx.url(),
        "fleetscale.influx.token", new String(influx.token()),
        "fleetscale.influx.org", influx.org(),
        "fleetscale.influx.bucket", influx.bucket());
  }

  /** Publishes a GPU shortfall for {@code pool}, as the optimizer's forecast does. */
  public void demand(String pool, double gpus) {
    Instant now = Instant.now();
    double capacity = 64;
    double peak = (capacity + gpus) * 0.8;
    CapacityDemand demand = new CapacityDemand(UUID.randomUUID().toString(), pool,
        CapacityResource.GPU_COUNT, peak, peak * 0.9, peak * 1.1, capacity, 0.8, gpus,
        LocalDate.now().plusDays(120), now,
        new Evidence(now.minusSeconds(86_400 * 28), now, "holt-winters(alpha=0.3,beta=0.1,season=7d)",
            "MAPE", 0.08, 4032), null);
    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of())) {
      producer.send(EventRecords.toProducerRecord(demand, URI.create("/fleetscale/test/optimizer")))
          .get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot produce " + demand, e);
    }
  }

  /** Publishes a demand for {@code pool} and waits, through the gateway, for its proposal's id. */
  public String proposal(GatewayCalls calls, String pool) {
    demand(pool, 16);
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
      GatewayCalls.Answer a = calls.get("/api/v1/proposals?pool=" + pool, token("vera"));
      List<?> list = a.status() == 200 ? (List<?>) a.json() : List.of();
      return list.isEmpty() ? null
          : (String) ((Map<?, ?>) ((Map<?, ?>) list.get(0)).get("proposal")).get("proposal_id");
    }, id -> id != null);
  }

  @Override
  public void close() throws Exception {
    if (procurement != null) {
      procurement.close();
    }
  }
}
