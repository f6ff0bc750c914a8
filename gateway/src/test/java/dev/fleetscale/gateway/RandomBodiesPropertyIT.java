package dev.fleetscale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscale.gateway.support.GatewayCalls;
import dev.fleetscale.gateway.support.GatewayCalls.Answer;
import dev.fleetscale.gateway.support.GatewayStack;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * jqwik property: whatever body is posted to a state-changing route (random text, random JSON
 * objects with the routes' field names, wrong types, injection strings, bodies past the size
 * limit), the gateway never answers 5xx: bad input is a 4xx with a message. The gateway and
 * procurement-service run for real, on the testkit's broker and influxd, started once for the
 * container (jqwik does not run JUnit extensions, so they are started by hand).
 */
class RandomBodiesPropertyIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  private static final InfluxExtension INFLUX = new InfluxExtension();
  private static GatewayStack stack;
  private static EmbeddedServer gateway;
  private static GatewayCalls calls;
  private static String proposal;

  @BeforeContainer
  static void start() {
    KAFKA.beforeAll(null);
    INFLUX.beforeAll(null);
    stack = new GatewayStack(KAFKA, INFLUX);
    Map<String, Object> properties = new HashMap<>(stack.start());
    properties.put("kafka.enabled", "false");
    properties.put("fleetscale.gateway.rate-limit.enabled", "false");
    gateway = ApplicationContext.run(EmbeddedServer.class, properties);
    calls = new GatewayCalls(gateway.getPort());
    proposal = stack.proposal(calls, "pool-property");
  }

  @AfterContainer
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.getApplicationContext().close();
    }
    if (stack != null) {
      stack.close();
    }
    INFLUX.afterAll(null);
    KAFKA.afterAll(null);
  }

  @Property(tries = 120)
  void noBodyGetsA5xx(@ForAll("routes") String route, @ForAll("bodies") String body) {
    Answer a = calls.post(route, stack.token("ada"), body);
    assertThat(a.status()).as(route + " " + abbreviate(body) + " -> " + a.body())
        .isLessThan(500);
    if (a.status() >= 400) {
      assertThat((String) a.object().get("message")).as(a.body()).isNotBlank();
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of("approve", "reject", "order", "deliver", "what-if", "missing")
        .map(action -> switch (action) {
          case "what-if" -> "/api/v1/what-if";
          case "missing" -> "/api/v1/proposals/00000000-0000-0000-0000-000000000000/approve";
          default -> "/api/v1/proposals/" + proposal + "/" + action;
        });
  }

  private static final List<String> NAMES = List.of("reason", "by", "pool", "gpus", "needed_by",
      "gpu_model", "gpu_memory_gb", "network_gbps", "status", "__proto__", "");

  private static final List<String> NASTY = List.of("'; DROP MEASUREMENT gateway_audit; --",
      "\" OR \"1\"=\"1", "<script>alert(1)</script>", "../../etc/passwd", "${jndi:ldap://x}",
      "\u0000", "\ud83d\ude00", "x\ny\r\nz", "2026-13-45", "-1", "1e309", "NaN");

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<Object> scalar = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200).map(s -> (Object) s),
        Arbitraries.of(NASTY).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(LocalDate.now(ZoneOffset.UTC).plusDays(90).toString()),
        Arbitraries.just(null));
    Arbitrary<Object> value = Arbitraries.oneOf(scalar,
        scalar.list().ofMaxSize(4).map(l -> (Object) l));
    Arbitrary<String> object = Combinators.combine(
            Arbitraries.oneOf(Arbitraries.of(NAMES), Arbitraries.strings().ofMaxLength(20))
                .list().ofMaxSize(6),
            value.list().ofSize(6))
        .as((keys, values) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = 0; i < keys.size(); i++) {
            m.put(keys.get(i), values.get(i));
          }
          try {
            return JSON.writeValueAsString(m);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, object),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(500)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars('{', '}', '[', ']', '"', ':',
            ',', 'a', '1').ofMaxLength(60)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(60_000, 90_000)
            .map(n -> "{\"reason\": \"" + "z".repeat(n) + "\"}")));
  }
}
