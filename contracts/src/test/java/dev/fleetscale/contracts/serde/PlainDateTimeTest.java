package dev.fleetscale.contracts.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The hand-written date-time reader against java.time, which it replaces on the hot path: the
 * quick check's verdict must be the one it had (regular expression, then OffsetDateTime.parse),
 * and an instant bound by {@link Json#mapper()} the one Jackson's InstantDeserializer gives.
 * Strings are built from fields on and past every edge, then sometimes one character is changed.
 */
class PlainDateTimeTest {

  /** The quick check's date-time test before {@link PlainDateTime}. */
  private static final Pattern OLD_SHAPE = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
  private static final ObjectMapper JACKSON_ONLY =
      JsonMapper.builder().addModule(new JavaTimeModule()).build();

  private static boolean oldIsDateTime(String s) {
    if (!OLD_SHAPE.matcher(s).matches() || s.endsWith("-00:00")) {
      return false;
    }
    try {
      OffsetDateTime.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  @Property(tries = 5000)
  void sameVerdictAndInstantAsJavaTime(@ForAll("dateTimes") String s) {
    boolean accepted = QuickSchemaCheck.isDateTime(s);
    Statistics.collect(accepted);
    assertThat(accepted).as(s).isEqualTo(oldIsDateTime(s));
    if (accepted) {
      assertThat(PlainDateTime.parse(s, false)).isEqualTo(OffsetDateTime.parse(s).toInstant());
    }
    String json = "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    assertThat(bound(Json.mapper(), json)).as(s).isEqualTo(bound(JACKSON_ONLY, json));
  }

  @Example
  void theSpellingsOurProducersWrite() {
    assertThat(PlainDateTime.parse("2026-03-01T12:00:05Z", true))
        .isEqualTo(Instant.parse("2026-03-01T12:00:05Z"));
    assertThat(PlainDateTime.parse("2026-03-01T12:00:05.123456789Z", true))
        .isEqualTo(Instant.parse("2026-03-01T12:00:05.123456789Z"));
    assertThat(PlainDateTime.parse("2024-02-29T23:59:59.5+18:00", false))
        .isEqualTo(OffsetDateTime.parse("2024-02-29T23:59:59.5+18:00").toInstant());
    assertThat(PlainDateTime.parse("2024-02-29T23:59:59.5+18:00", true)).isNull();
    assertThat(PlainDateTime.parse("2025-02-29T00:00:00Z", false)).isNull();
  }

  /** The instant, or the exception's class and message. */
  private static Object bound(ObjectMapper mapper, String json) {
    try {
      return mapper.readValue(json, Instant.class);
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage().split("\n")[0];
    }
  }

  @Provide
  Arbitrary<String> dateTimes() {
    Arbitrary<String> year = Arbitraries.of("0000", "1969", "1970", "2000", "2024", "2025",
        "2100", "9999", "202", "20261");
    Arbitrary<String> two = Arbitraries.of("00", "01", "02", "09", "12", "13", "18", "19", "23",
        "24", "28", "29", "30", "31", "32", "59", "60", "1", "x1");
    Arbitrary<String> fraction = Arbitraries.of("", "", ".", ".0", ".5", ".123", ".123456789",
        ".1234567890", ".12a");
    Arbitrary<String> offset = Arbitraries.of("Z", "Z", "z", "+00:00", "-00:00", "+02:00",
        "-05:30", "+18:00", "-18:00", "+18:01", "+19:00", "+02:60", "+2:00", "+0200", "", " Z");
    Arbitrary<String> t = Arbitraries.of("T", "T", "T", "t", " ");
    Arbitrary<String> built = Combinators.combine(
        Combinators.combine(year, two, two, t).as((y, mo, d, tt) -> y + "-" + mo + "-" + d + tt),
        Combinators.combine(two, two, two).as((h, mi, s) -> h + ":" + mi + ":" + s),
        fraction, offset).as((date, time, f, o) -> date + time + f + o);
    // Fields in range (days up to 31, so month ends and leap days are hit too).
    Arbitrary<String> inRange = Combinators.combine(
        Arbitraries.integers().between(0, 9999), Arbitraries.integers().between(1, 12),
        Arbitraries.integers().between(1, 31), Arbitraries.integers().between(0, 23),
        Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 59),
        fraction, offset).as((y, mo, d, h, mi, sec, f, o) -> String.format(
            "%04d-%02d-%02dT%02d:%02d:%02d%s%s", y, mo, d, h, mi, sec, f, o));
    return Combinators.combine(Arbitraries.oneOf(built, inRange),
        Arbitraries.integers().between(0, 40),
        Arbitraries.chars().ascii(), Arbitraries.integers().between(0, 3))
        .as((s, at, c, change) -> change > 0 || s.isEmpty() ? s
            : s.substring(0, at % s.length()) + c + s.substring(at % s.length() + 1));
  }
}
