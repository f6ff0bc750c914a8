package dev.fleetscale.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadLabelsTest {

  private static Map<String, String> of(String environ) {
    return WorkloadLabels.fromEnviron(environ.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theTwoShorthandsNameTheLabelsThePlannerHonours() {
    assertThat(of("FLEETSCALE_GANG=g1\0FLEETSCALE_ANTI_AFFINITY=replicas-of-api"))
        .containsExactlyInAnyOrderEntriesOf(Map.of(WorkloadRef.GANG_LABEL, "g1",
            WorkloadRef.ANTI_AFFINITY_LABEL, "replicas-of-api"));
  }

  @Test
  void theGenericListWinsForTheSameKey() {
    assertThat(of("FLEETSCALE_GANG=g1\0FLEETSCALE_LABELS=fleetscale.dev/gang=g2,x=1"))
        .containsExactlyInAnyOrderEntriesOf(Map.of(WorkloadRef.GANG_LABEL, "g2", "x", "1"));
  }

  @Test
  void otherVariablesEmptyValuesAndMalformedPairsAreIgnored() {
    assertThat(of("FLEETSCALE=1\0FLEETSCALE_GANG=\0FLEETSCALE_LABELS=novalue,=x,y=\0FLAG=z\0"))
        .isEmpty();
    assertThat(of("")).isEmpty();
  }

  @Test
  void labelsAreBounded() {
    StringBuilder many = new StringBuilder("FLEETSCALE_LABELS=");
    for (int i = 0; i < 40; i++) {
      many.append("k").append(i).append("=v,");
    }
    many.append("long=").append("v".repeat(WorkloadLabels.MAX_VALUE + 1));
    Map<String, String> labels = of(many.toString());
    assertThat(labels).hasSize(WorkloadLabels.MAX_LABELS).doesNotContainKey("long");
  }
}
