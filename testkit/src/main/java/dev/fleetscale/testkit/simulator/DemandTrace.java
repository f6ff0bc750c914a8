package dev.fleetscale.testkit.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inference demand over time, as tokens per second in fixed buckets, read from a request trace in
 * the Azure LLM inference trace format ({@code TIMESTAMP,ContextTokens,GeneratedTokens}). Demand
 * is expressed relative to the trace's own 95th percentile, so a simulated pool can be sized to
 * run hot at the trace's busy moments without knowing its absolute rate.
 *
 * <p>Immutable and thread-safe.
 */
public final class DemandTrace {

  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter();

  private final double[] tokensPerSecond;
  private final Duration bucket;
  private final double p95;

  private DemandTrace(double[] tokensPerSecond, Duration bucket) {
    this.tokensPerSecond = tokensPerSecond;
    this.bucket = bucket;
    double[] sorted = tokensPerSecond.clone();
    Arrays.sort(sorted);
    double p = sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.round(0.95 * (sorted.length - 1)))];
    this.p95 = p > 0 ? p : 1;
  }

  /**
   * Reads a trace file and sums prompt plus generated tokens per {@code bucket}.
   *
   * @throws IllegalArgumentException naming the line that cannot be read
   */
  public static DemandTrace read(Path csv, Duration bucket) {
    List<double[]> rows = new ArrayList<>();
    LocalDateTime first = null;
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.startsWith("TIMESTAMP")) {
        throw new IllegalArgumentException(csv + ": expected a TIMESTAMP,ContextTokens,GeneratedTokens header");
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cols = line.split(",");
        try {
          LocalDateTime at = LocalDateTime.parse(cols[0].trim(), TIMESTAMP);
          if (first == null) {
            first = at;
          }
          double tokens = Double.parseDouble(cols[1].trim()) + Double.parseDouble(cols[2].trim());
          rows.add(new double[] {Duration.between(first, at).toNanos() / 1e9, tokens});
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(csv + " line " + lineNo + ": cannot read '" + line + "' (" + e.getMessage() + ")", e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + csv, e);
    }
    double bucketSeconds = bucket.toNanos() / 1e9;
    double span = rows.isEmpty() ? 0 : rows.get(rows.size() - 1)[0];
    double[] perBucket = new double[Math.max(1, (int) Math.floor(span / bucketSeconds) + 1)];
    for (double[] row : rows) {
      perBucket[(int) Math.floor(row[0] / bucketSeconds)] += row[1] / bucketSeconds;
    }
    return new DemandTrace(perBucket, bucket);
  }

  /** A smooth daily-looking wave, for machines without the trace file. */
  public static DemandTrace synthetic(Duration bucket, int buckets) {
    double[] values = new double[buckets];
    for (int i = 0; i < buckets; i++) {
      values[i] = 1000 * (1.0 + 0.6 * Math.sin(2 * Math.PI * i / buckets) + 0.1 * Math.sin(2 * Math.PI * i * 7 / buckets));
    }
    return new DemandTrace(values, bucket);
  }

  /** Tokens per second in the bucket that holds {@code elapsed}; the trace repeats after its end. */
  public double tokensPerSecond(Duration elapsed) {
    long index = Math.floorDiv(elapsed.toNanos(), bucket.toNanos());
    return tokensPerSecond[(int) Math.floorMod(index, tokensPerSecond.length)];
  }

  /** Demand at {@code elapsed} divided by the trace's 95th percentile: about 1.0 when busy. */
  public double relativeLoad(Duration elapsed) {
    return tokensPerSecond(elapsed) / p95;
  }

  public Duration length() {
    return bucket.multipliedBy(tokensPerSecond.length);
  }

  public int buckets() {
    return tokensPerSecond.length;
  }
}
