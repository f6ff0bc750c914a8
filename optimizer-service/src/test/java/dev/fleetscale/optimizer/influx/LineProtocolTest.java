package dev.fleetscale.optimizer.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LineProtocol} must write the points influxdb-client-java's {@link Point} writes: same
 * measurement, tags and timestamp byte for byte, same field names and types, and float values that
 * parse to the same double (the text may differ, e.g. "1.0E-5" is written "0.000010" rather than
 * "0.00001").
 */
class LineProtocolTest {

  private static final double[] EDGES = {0.0, -0.0, 1.0, 77.5, 0.1 + 0.2, 1e-5, 1e-300, 1e20,
      1.7976931348623157e308, Double.MIN_VALUE, -12.345, 100.0, 41.123456789012345,
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
  private static final String[] NAMES = {"host-1", "pool a", "c,1", "x=y", "tab\there",
      "line\nbreak", "back\\slash", "quote\"d", "ünïcode", "cr\rhere"};

  @Test
  void writesWhatTheClientsPointWrites() {
    Random random = new Random(20260401);
    for (int n = 0; n < 2_000; n++) {
      String measurement = n % 7 == 0 ? "m " + NAMES[n % NAMES.length] : "gpu_rollup";
      LineProtocol mine = LineProtocol.measurement(measurement);
      Point theirs = Point.measurement(measurement);
      int tagCount = 1 + random.nextInt(5);
      for (int t = 0; t < tagCount; t++) {
        String key = t == 0 ? "host" : "t" + random.nextInt(9) + NAMES[random.nextInt(3) + 1];
        String value = random.nextInt(4) == 0 ? "" : NAMES[random.nextInt(NAMES.length)]
            + random.nextInt(100);
        mine.tag(key, value);
        theirs.addTag(key, value);
      }
      int fieldCount = 1 + random.nextInt(24);
      for (int f = 0; f < fieldCount; f++) {
        String key = "f" + f + (f % 5 == 0 ? NAMES[random.nextInt(NAMES.length)] : "_mean");
        if (f % 6 == 5) {
          long value = random.nextLong();
          mine.field(key, value);
          theirs.addField(key, value);
        } else {
          double value = random.nextInt(3) == 0 ? EDGES[random.nextInt(EDGES.length)]
              : random.nextDouble() * Math.pow(10, random.nextInt(12) - 4)
                  * (random.nextBoolean() ? 1 : -1);
          mine.field(key, value);
          theirs.addField(key, value);
        }
      }
      Instant time = Instant.ofEpochMilli(1_775_000_000_000L + random.nextInt(1_000_000_000));
      theirs.time(time, WritePrecision.MS);

      String expected = theirs.toLineProtocol();
      if (!mine.hasFields()) {
        assertThat(expected).as("a point without fields is not written").isEmpty();
        continue;
      }
      Parsed a = Parsed.of(mine.toLine(time));
      Parsed b = Parsed.of(expected);
      assertThat(a.head).isEqualTo(b.head);
      assertThat(a.timestamp).isEqualTo(b.timestamp);
      assertThat(a.fields.keySet()).containsExactlyInAnyOrderElementsOf(b.fields.keySet());
      b.fields.forEach((k, v) -> {
        String got = a.fields.get(k);
        if (v.endsWith("i")) {
          assertThat(got).as(k).isEqualTo(v);
        } else {
          assertThat(Double.parseDouble(got)).as(k + " " + got + " vs " + v)
              .isEqualTo(Double.parseDouble(v));
        }
      });
    }
  }

  @Test
  void leavesOutNonFiniteFloatsAndEmptyTags() {
    String line = LineProtocol.measurement("host_rollup").tag("pool", "").tag("host", "h 1")
        .field("a", Double.NaN).field("b", 2.5).field("n", 3L)
        .toLine(Instant.ofEpochMilli(1000));
    assertThat(line).isEqualTo("host_rollup,host=h\\ 1 b=2.5,n=3i 1000");
  }

  /** measurement+tags (escaped, as written), fields by escaped key, timestamp. */
  private record Parsed(String head, Map<String, String> fields, String timestamp) {
    static Parsed of(String line) {
      List<String> parts = split(line, ' ');
      assertThat(parts).as(line).hasSize(3);
      Map<String, String> fields = new LinkedHashMap<>();
      for (String kv : split(parts.get(1), ',')) {
        List<String> pair = split(kv, '=');
        fields.put(pair.get(0), pair.get(1));
      }
      return new Parsed(parts.get(0), fields, parts.get(2));
    }

    /** Splits at unescaped separators (a backslash escapes the next character). */
    private static List<String> split(String s, char separator) {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length()) {
          current.append(c).append(s.charAt(++i));
        } else if (c == separator) {
          out.add(current.toString());
          current.setLength(0);
        } else {
          current.append(c);
        }
      }
      out.add(current.toString());
      return out;
    }
  }
}
