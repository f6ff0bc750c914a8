package dev.fleetscale.optimizer.rollup;

import java.time.Duration;
import java.time.Instant;

/**
 * The rollup windows: tumbling, aligned to the epoch, named by their InfluxDB {@code window} tag.
 * A point's timestamp is its window's end, so a replay writes the same point again.
 */
public enum WindowSize {
  S10("10s", Duration.ofSeconds(10)),
  M1("1m", Duration.ofMinutes(1)),
  M5("5m", Duration.ofMinutes(5)),
  H1("1h", Duration.ofHours(1));

  private final String tag;
  private final Duration length;

  WindowSize(String tag, Duration length) {
    this.tag = tag;
    this.length = length;
  }

  public String tag() {
    return tag;
  }

  public Duration length() {
    return length;
  }

  /** End of the window that contains {@code t} (windows are [start, end)). */
  public Instant endOf(Instant t) {
    long ms = length.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms + ms);
  }
}
