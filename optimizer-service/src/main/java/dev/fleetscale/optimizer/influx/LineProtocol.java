package dev.fleetscale.optimizer.influx;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One InfluxDB line-protocol line with a millisecond timestamp, for the ingest hot path (host and
 * GPU rollups: about 1,800 points per 2,000-sample batch). It writes what influxdb-client-java's
 * {@code Point.toLineProtocol()} writes (same escaping, tags sorted by key, integers with an
 * {@code i} suffix, non-finite floats left out) but formats floats through {@link
 * BigDecimal#toPlainString()} instead of a {@code DecimalFormat} with 340 fraction digits, which
 * measured about 60 µs per 15-field rollup point (most of it in {@code DecimalFormat}): a tenth of
 * the optimizer's CPU per sample. {@code LineProtocolTest} checks both agree on every value.
 * Not thread-safe; build one per point.
 */
public final class LineProtocol {

  private final String measurement;
  private final Map<String, String> tags = new TreeMap<>();
  private final StringBuilder fields = new StringBuilder(512);

  private LineProtocol(String measurement) {
    this.measurement = measurement;
  }

  public static LineProtocol measurement(String measurement) {
    return new LineProtocol(measurement);
  }

  /** Sets a tag; one whose value is null or empty is left out of the line (as the client does). */
  public LineProtocol tag(String key, String value) {
    tags.put(key, value);
    return this;
  }

  /** Adds a float field; NaN and infinities are left out (line protocol cannot carry them). */
  public LineProtocol field(String key, double value) {
    if (Double.isFinite(value)) {
      separate();
      escape(fields, key, true);
      fields.append('=');
      int at = fields.length();
      fields.append(value);
      // Double.toString's digits are BigDecimal's, but it switches to E notation outside
      // [1e-3, 1e7), which the client does not write: only then pay for BigDecimal.
      if (fields.indexOf("E", at) >= 0) {
        fields.setLength(at);
        fields.append(BigDecimal.valueOf(value).toPlainString());
      }
    }
    return this;
  }

  /** Adds an integer field ({@code 12i}). */
  public LineProtocol field(String key, long value) {
    separate();
    escape(fields, key, true);
    fields.append('=').append(value).append('i');
    return this;
  }

  /** Adds a boolean field. */
  public LineProtocol field(String key, boolean value) {
    separate();
    escape(fields, key, true);
    fields.append('=').append(value);
    return this;
  }

  /**
   * Adds a string field; only for short enumerated values (a GPU's health): the value must not
   * hold a double quote or a backslash, which line protocol would need escaped.
   */
  public LineProtocol field(String key, String value) {
    if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
      throw new IllegalArgumentException(key + ": a string field holds no quote or backslash");
    }
    separate();
    escape(fields, key, true);
    fields.append("=\"").append(value).append('"');
    return this;
  }

  /** True if at least one field was added (a line without fields is not a point). */
  public boolean hasFields() {
    return fields.length() > 0;
  }

  /** The line, timestamp in epoch milliseconds (write with precision ms). */
  public String toLine(Instant time) {
    StringBuilder line = new StringBuilder(measurement.length() + fields.length() + 128);
    escape(line, measurement, false);
    tags.forEach((k, v) -> {
      if (v == null || v.isEmpty()) {
        return;
      }
      line.append(',');
      escape(line, k, true);
      line.append('=');
      escape(line, v, true);
    });
    return line.append(' ').append(fields).append(' ').append(time.toEpochMilli()).toString();
  }

  private void separate() {
    if (fields.length() > 0) {
      fields.append(',');
    }
  }

  /**
   * As the client escapes keys and tag values: backslash before space and comma (and '=' outside
   * the measurement name); tab, newline and carriage return as {@code \t}, {@code \n}, {@code
   * \r}.
   */
  private static void escape(StringBuilder out, String s, boolean equalsToo) {
    if (!needsEscape(s, equalsToo)) {
      out.append(s); // the usual case: names and ids without specials, copied in bulk
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case ' ', ',' -> out.append('\\').append(c);
        case '=' -> {
          if (equalsToo) {
            out.append('\\');
          }
          out.append(c);
        }
        default -> out.append(c);
      }
    }
  }

  private static boolean needsEscape(String s, boolean equalsToo) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r' || equalsToo && c == '=') {
        return true;
      }
    }
    return false;
  }
}
