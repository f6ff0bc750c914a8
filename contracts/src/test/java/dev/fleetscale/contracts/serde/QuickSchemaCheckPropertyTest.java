package dev.fleetscale.contracts.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscale.contracts.Examples;
import dev.fleetscale.contracts.FleetEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The quick check may only ever be the stricter one: whatever it accepts, the full validator
 * (networknt) accepts too. Documents are the examples of every topic with 1-3 random edits at
 * random places (values replaced by edge cases of type, range and format, fields removed,
 * unknown fields added, array items added).
 */
class QuickSchemaCheckPropertyTest {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** Values chosen to sit on every edge our schemas draw: type, bounds, enums, formats. */
  private static final List<JsonNode> EDGES = List.of(
      F.numberNode(-1), F.numberNode(0), F.numberNode(1), F.numberNode(15), F.numberNode(16),
      F.numberNode(100), F.numberNode(101), F.numberNode(1.0), F.numberNode(0.5),
      F.numberNode(-0.0), F.numberNode(99.99999999), F.numberNode(100.00000001),
      F.numberNode(1e20), F.numberNode(-1e-300), F.numberNode(9_007_199_254_740_993L),
      F.numberNode(Long.MAX_VALUE), F.numberNode(Long.MIN_VALUE),
      F.numberNode(new BigInteger("100000000000000000000000000000")),
      F.numberNode(new BigDecimal("100.0")), F.numberNode(new BigDecimal("-0.000001")),
      F.textNode(""), F.textNode("x"), F.textNode("OK"), F.textNode("LOST"), F.textNode("ok"),
      F.textNode("ETHERNET"), F.textNode("KUBERNETES_POD"), F.textNode("SCALE_UP"),
      F.textNode("GPU_COUNT"), F.textNode("PROPOSED"), F.textNode("USD"), F.textNode("usd"),
      F.textNode("USDX"), F.textNode("2026-03-01T12:00:05Z"),
      F.textNode("2026-03-01T12:00:05.123456789+02:00"), F.textNode("2026-03-01T12:00:05-00:00"),
      F.textNode("2026-02-30T12:00:00Z"), F.textNode("2026-03-01t12:00:05z"),
      F.textNode("2026-03-01T24:00:00Z"), F.textNode("2026-03-01T23:59:60Z"),
      F.textNode("2026-03-01T12:00:05+18:00"), F.textNode("2026-03-01T12:00:05+19:00"),
      F.textNode("0000-01-01T00:00:00Z"), F.textNode("2026-03-01 12:00:05Z"),
      F.textNode("2026-03-01T12:00:05.1234567891Z"), F.textNode("2026-03-01"),
      F.textNode("2026-13-01"), F.textNode("2024-02-29"), F.textNode("2025-02-29"),
      F.textNode("QUJD"), F.textNode("QUJ"), F.textNode("!!"), F.textNode("\uD83D\uDE00"),
      F.booleanNode(true), F.booleanNode(false), F.nullNode(), F.objectNode(), F.arrayNode(),
      F.objectNode().put("a", 1), F.arrayNode().add(1));

  @Property(tries = 3000)
  void whatTheQuickCheckAcceptsTheFullValidatorAccepts(
      @ForAll @IntRange(min = 0, max = 5) int type,
      @ForAll @Size(min = 1, max = 3) List<@From("edits") Edit> edits) {
    FleetEvent example = Examples.all().get(type);
    EventCodec<FleetEvent> codec = codecOf(example);
    JsonNode document = edited(codec, example, edits);
    boolean quick = codec.quickCheck().orElseThrow().certainlyValid(document);
    String full = codec.fullValidation(document);
    Statistics.label("verdict").collect(quick ? "quick accepts"
        : full == null ? "quick unsure, full accepts" : "both reject");
    if (quick) {
      assertThat(full).as("full validator on %s", document).isNull();
    }
  }

  /**
   * The streaming check (bind from the bytes while checking the tokens) is held to the same
   * contract, and more: whatever it is sure of decodes to exactly what the tree path gives, and
   * the codec's decode, whichever path it takes, gives the tree path's value or its rejection.
   */
  @Property(tries = 3000)
  void whatTheStreamingCheckAcceptsDecodesAsTheTreePathDoes(
      @ForAll @IntRange(min = 0, max = 5) int type,
      @ForAll @Size(min = 1, max = 3) List<@From("edits") Edit> edits) {
    FleetEvent example = Examples.all().get(type);
    EventCodec<FleetEvent> codec = codecOf(example);
    JsonNode document = edited(codec, example, edits);
    byte[] bytes = document.toString().getBytes(StandardCharsets.UTF_8);
    FleetEvent streamed = codec.decodeCertainlyValid(bytes);
    Object viaTree = outcome(() -> codec.decodeViaTree(bytes));
    Statistics.label("streaming").collect(streamed != null ? "sure, bound"
        : viaTree instanceof FleetEvent ? "unsure, tree path accepts" : "unsure, tree path rejects");
    if (streamed != null) {
      assertThat(codec.fullValidation(document)).as("full validator on %s", document).isNull();
      assertThat(streamed).as("bound from %s", document).isEqualTo(viaTree);
    }
    assertThat(outcome(() -> codec.decode(bytes))).isEqualTo(viaTree);
  }

  @Example
  void everyExampleIsBoundInOnePass() {
    for (FleetEvent example : Examples.all()) {
      EventCodec<FleetEvent> codec = codecOf(example);
      assertThat(codec.decodeCertainlyValid(codec.encode(example))).as("%s", codec.type())
          .isEqualTo(example);
    }
  }

  @Example
  void unknownFieldsWithNestedValuesAreSkippedAndStillChecked() {
    EventCodec<FleetEvent> codec = codecOf(Examples.hostSample());
    ObjectNode document = (ObjectNode) parsed(codec, Examples.hostSample());
    document.set("unknown", F.arrayNode().add(F.objectNode().put("a", 1)).add(F.arrayNode()));
    byte[] bytes = document.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(codec.decodeCertainlyValid(bytes)).isEqualTo(Examples.hostSample());
    // An unknown field inside a GPU, where the schema closes the object, is not waved through.
    ((ObjectNode) document.get("gpus").get(0)).put("unknown", 1);
    bytes = document.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(codec.decodeCertainlyValid(bytes) == null)
        .isEqualTo(codec.fullValidation(document) != null);
  }

  @Example
  void aDuplicateNameOrTrailingGarbageGoesTheTreeWay() {
    EventCodec<FleetEvent> codec = codecOf(Examples.hostSample());
    String json = new String(codec.encode(Examples.hostSample()), StandardCharsets.UTF_8);
    // A tree keeps the last of two values; a record's binding need not: the tree path decides.
    byte[] duplicate = json.replaceFirst("\\{", "{\"sequence\":1,")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(codec.decodeCertainlyValid(duplicate)).isNull();
    assertThat(outcome(() -> codec.decode(duplicate)))
        .isEqualTo(outcome(() -> codec.decodeViaTree(duplicate)));
    byte[] truncated = json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
    assertThat(codec.decodeCertainlyValid(truncated)).isNull();
    assertThat(outcome(() -> codec.decode(truncated))).asString().contains("not JSON");
  }

  /**
   * jackson-core 2.18.2 can hand a number the text of an earlier one that was never read
   * (jackson-core #1397); binding from the bytes met it where the tree path does not. Found by
   * the property above: a big integer in an unknown field, then a double elsewhere.
   */
  @Example
  void aBigNumberInAnUnknownFieldDoesNotLeakIntoALaterOne() {
    EventCodec<FleetEvent> codec = codecOf(Examples.rebalancePlan());
    for (String big : List.of("100000000000000000000000000000", "1.5e300", "12345678901234567",
        "0.1000000000000000000000000000000001")) {
      for (String amount : List.of("4.0", "4", "5000000000")) {
        String json = new String(codec.encode(Examples.rebalancePlan()), StandardCharsets.UTF_8)
            .replace("\"duration_micros\":", "\"unknown\":" + big + ",\"duration_micros\":")
            .replaceFirst("\"amount\":[0-9.]+", "\"amount\":" + amount);
        assertThat(json).contains("\"unknown\":" + big).contains("\"amount\":" + amount);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(() -> codec.decode(bytes))).as(json)
            .isEqualTo(outcome(() -> codec.decodeViaTree(bytes)));
      }
    }
  }

  /** A decode's value, or the reason it was rejected. */
  private static Object outcome(Decode decode) {
    try {
      return decode.run();
    } catch (DecodeException e) {
      return "rejected: " + e.reason();
    }
  }

  private interface Decode {
    FleetEvent run() throws DecodeException;
  }

  @Example
  void everyExampleIsAcceptedByTheQuickCheckSoTheFastPathIsTaken() {
    for (FleetEvent example : Examples.all()) {
      EventCodec<FleetEvent> codec = codecOf(example);
      assertThat(codec.quickCheck()).as("%s compiles", codec.type()).isPresent();
      assertThat(codec.quickCheck().get().certainlyValid(parsed(codec, example)))
          .as("%s", codec.type()).isTrue();
    }
  }

  @Example
  void aValueOutOfRangeIsLeftToTheFullValidatorWhoseMessageIsUnchanged() {
    EventCodec<FleetEvent> codec = codecOf(Examples.hostSample());
    ObjectNode document = (ObjectNode) parsed(codec, Examples.hostSample());
    ((ObjectNode) document.get("gpus").get(0)).put("gpu_utilization_percent", 100.5);
    assertThat(codec.quickCheck().orElseThrow().certainlyValid(document)).isFalse();
    byte[] bytes = document.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
            () -> codec.decode(bytes), DecodeException.class).reason())
        .contains("$.gpus[0].gpu_utilization_percent: must have a maximum value of 100");
  }

  @Example
  void aSchemaWithAKeywordItDoesNotKnowCompilesToNothing() throws Exception {
    JsonNode schema = Json.mapper().readTree(
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"oneOf\":[]}}}");
    assertThat(QuickSchemaCheck.compile(schema)).isEmpty();
  }

  /** As a consumer sees it: parsed from the encoded bytes (byte arrays become base64 text). */
  /** The example as its codec writes it, with {@code edits} applied. */
  private static JsonNode edited(EventCodec<FleetEvent> codec, FleetEvent example, List<Edit> edits) {
    JsonNode document = parsed(codec, example);
    for (Edit edit : edits) {
      edit.applyTo(document);
    }
    return document;
  }

  private static JsonNode parsed(EventCodec<FleetEvent> codec, FleetEvent event) {
    try {
      return Json.mapper().readTree(codec.encode(event));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static EventCodec<FleetEvent> codecOf(FleetEvent event) {
    return (EventCodec<FleetEvent>) (EventCodec<?>) EventCodec.of(event.getClass());
  }

  /** One edit: which node (index into the document's nodes, modulo), what to do, with what. */
  record Edit(int where, int what, int value) {

    void applyTo(JsonNode document) {
      List<JsonNode> containers = new ArrayList<>();
      collect(document, containers);
      JsonNode target = containers.get(Math.floorMod(where, containers.size()));
      JsonNode edge = EDGES.get(Math.floorMod(value, EDGES.size())).deepCopy();
      if (target instanceof ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() ? "added" : names.get(Math.floorMod(value, names.size()));
        switch (Math.floorMod(what, 3)) {
          case 0 -> object.set(name, edge);
          case 1 -> object.remove(name);
          default -> object.set("unknown_" + value, edge);
        }
      } else if (target instanceof ArrayNode array) {
        if (array.isEmpty() || Math.floorMod(what, 2) == 0) {
          array.add(edge);
        } else {
          array.add(array.get(Math.floorMod(value, array.size())).deepCopy());
        }
      }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
      if (node.isContainerNode()) {
        into.add(node);
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
          collect(it.next(), into);
        }
      }
    }
  }

  @Provide
  Arbitrary<Edit> edits() {
    return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 10_000),
        Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 10_000))
        .as(Edit::new);
  }
}
