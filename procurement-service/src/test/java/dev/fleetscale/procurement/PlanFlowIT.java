package dev.fleetscale.procurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.kafka.Decoded;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.serde.EventCodec;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.procurement.proposal.InfluxProposalJournal;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A model plan end to end on a real broker and a real influxd: POST /plans publishes its demands
 * to fleet.capacity-demand.v1 (with unit requirements and origin), the demand consumer reads them
 * back, and the proposal stored in InfluxDB buys GPUs that meet the plan's requirements and
 * quotes its arithmetic.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanFlowIT implements TestPropertyProvider {

  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @RegisterExtension
  static final InfluxExtension INFLUX = new InfluxExtension();

  @Inject
  @Client("/")
  HttpClient http;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = ItSupport.properties(KAFKA, INFLUX, "procurement-plan-it");
    KAFKA.createTopic(Topics.CAPACITY_DEMAND, 1);
    KAFKA.createTopic(Topics.PROPOSALS, 1);
    KAFKA.createTopic(Topics.DEADLETTER, 1);
    return p;
  }

  private static ProcurementProposal decode(EventCodec<ProcurementProposal> codec, String json) {
    try {
      return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException("stored proposal does not decode: " + json, e);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPlanGoesThroughTheDemandTopicToAProposalInInflux() {
    Map<String, Object> answer = http.toBlocking().retrieve(HttpRequest.POST("/plans",
        PlanApiTest.trainBody("plan-it-pool")), Map.class);
    assertThat((List<String>) answer.get("submitted")).containsOnly("published");

    List<CapacityDemand> onTopic = ItSupport.readAll(KAFKA, Topics.CAPACITY_DEMAND,
            Duration.ofSeconds(3)).stream()
        .map(r -> EventRecords.decode(r, EventType.CAPACITY_DEMAND))
        .filter(d -> d instanceof Decoded.Event<?>)
        .map(d -> ((Decoded.Event<CapacityDemand>) d).event())
        .filter(d -> d.pool().equals("plan-it-pool")).toList();
    assertThat(onTopic).hasSize(3);
    CapacityDemand gpus = onTopic.stream()
        .filter(d -> d.unitRequirements() != null).findFirst().orElseThrow();
    assertThat(gpus.origin()).startsWith("model-plan:");
    assertThat(gpus.unitRequirements().referenceGpuModel()).isEqualTo("H100-SXM");
    assertThat(gpus.unitRequirements().minNvlinkDomainGpus()).isEqualTo(8);

    // the last demand's proposal answers all three; InfluxDB keeps each state's document
    EventCodec<ProcurementProposal> codec = EventCodec.of(EventType.PROCUREMENT_PROPOSAL);
    ProcurementProposal stored = await().atMost(Duration.ofSeconds(60)).until(() -> INFLUX
            .query("SELECT proposal_json FROM " + InfluxProposalJournal.PROPOSAL
                + " WHERE pool = 'plan-it-pool' AND status = 'PROPOSED'").stream()
            .map(r -> decode(codec, (String) r.get("proposal_json")))
            .filter(p -> p.demandIds().size() == 3).findFirst(),
        java.util.Optional::isPresent).orElseThrow();
    assertThat(stored.lineItems()).extracting(l -> l.sku())
        .contains("example-h100-sxm-8x").doesNotContain("example-l40s-4x");
    assertThat(stored.justification()).contains("needs, by a model plan")
        .contains("1. training FLOPs: 6 · N · D");
    assertThat(stored.alternatives()).anyMatch(a -> a.name().startsWith("best mix with L40S")
        && a.note().contains("min_nvlink_domain_gpus: 1 < 8"));
  }
}
