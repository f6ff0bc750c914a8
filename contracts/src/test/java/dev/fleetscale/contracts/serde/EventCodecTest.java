package dev.fleetscale.contracts.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscale.contracts.Examples;
import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.telemetry.HostSample;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

  private final EventCodec<HostSample> codec = EventCodec.of(HostSample.class);

  static Stream<FleetEvent> examples() {
    return Examples.all().stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  <T extends FleetEvent> void everyEventRoundTrips(T event) throws DecodeException {
    @SuppressWarnings("unchecked")
    EventCodec<T> c = EventCodec.of((Class<T>) event.getClass());
    assertThat(c.decode(c.encode(event))).isEqualTo(event);
  }

  @Test
  void snakeCaseNamesIsoInstantsAndAbsentNulls() throws Exception {
    HostSample sample = Examples.hostSample();
    String json = new String(codec.encode(sample), StandardCharsets.UTF_8);
    assertThat(json).contains("\"host_id\":\"gpu-node-017\"")
        .contains("\"timestamp\":\"2026-03-01T12:00:05Z\"")
        .contains("\"temperature_c\":67")
        .contains("\"interface\":\"ib0\"");
    HostSample noHost = new HostSample(sample.hostId(), sample.cluster(), sample.pool(), null,
        1, sample.timestamp(), 1000, sample.gpus(), sample.disks(), sample.filesystems(),
        sample.nics(), null);
    String sparse = new String(codec.encode(noHost), StandardCharsets.UTF_8);
    // Host labels absent (the workload's own labels stay).
    assertThat(sparse).doesNotContain("\"host\"").doesNotContain("\"rack\"")
        .doesNotContain("null");
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(codec.encode(Examples.hostSample()));
    tree.put("added_in_a_later_version", "x");
    ((ObjectNode) tree.withArray("gpus").get(0)).putObject("nvlink").put("tx", 1);
    HostSample decoded = codec.decode(Json.mapper().writeValueAsBytes(tree));
    assertThat(decoded).isEqualTo(Examples.hostSample());
  }

  @Test
  void notJsonIsRejectedWithAReason() {
    assertThatThrownBy(() -> codec.decode("\u0000\u0001garbage".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> codec.decode(new byte[0]))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> codec.decode(null))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("tombstone");
  }

  @Test
  void wrongTypeNamesThePath() throws Exception {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(codec.encode(Examples.hostSample()));
    ((ObjectNode) tree.withArray("gpus").get(0)).put("temperature_c", "hot");
    assertThatThrownBy(() -> codec.decode(Json.mapper().writeValueAsBytes(tree)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("$.gpus[0].temperature_c")
        .hasMessageContaining("integer");
  }

  @Test
  void missingRequiredFieldIsNamed() throws Exception {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(codec.encode(Examples.hostSample()));
    tree.remove("sequence");
    assertThatThrownBy(() -> codec.decode(Json.mapper().writeValueAsBytes(tree)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("sequence")
        .hasMessageContaining("required");
  }

  @Test
  void badInstantIsRejected() throws Exception {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(codec.encode(Examples.hostSample()));
    tree.put("timestamp", "yesterday");
    assertThatThrownBy(() -> codec.decode(Json.mapper().writeValueAsBytes(tree)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("$.timestamp");
  }

  @Test
  void jsonArrayInsteadOfObjectIsRejected() {
    assertThatThrownBy(() -> codec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("object");
  }

  /** A demand is raised only for a shortfall; amounts of a resource are never negative. */
  @ParameterizedTest
  @CsvSource({"shortfall, 0, exclusive minimum", "shortfall, -12.5, exclusive minimum",
      "forecast_peak, -1, minimum", "prediction_low, -0.5, minimum",
      "prediction_high, -3, minimum"})
  void capacityDemandBoundsAreEnforcedAndNamed(String field, double value, String rule)
      throws Exception {
    EventCodec<CapacityDemand> demands = EventCodec.of(CapacityDemand.class);
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(demands.encode(Examples.capacityDemand()));
    tree.put(field, value);
    byte[] bytes = Json.mapper().writeValueAsBytes(tree);

    assertThatThrownBy(() -> demands.decode(bytes))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("$." + field)
        .hasMessageContaining(rule);
    assertThat(demands.decodeCertainlyValid(bytes)).isNull();
  }
}
