package dev.fleetscale.testkit.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Inference demand over time, as tokens per second in fixed buckets, from a {@link TraceSeries}:
 * by default the Azure LLM inference trace 2023 (conversation service, per 10 s) that ships with
 * the testkit. Demand is expressed relative to the trace's own 95th percentile, so a simulated
 * pool can be sized to run hot at the trace's busy moments without knowing its absolute rate.
 *
 * <p>Immutable and thread-safe.
 */
public final class DemandTrace {

  private final double[] tokensPerSecond;
  private final Duration bucket;
  private final double p95;
  private final String source;

  private DemandTrace(double[] tokensPerSecond, Duration bucket, String source) {
    this.tokensPerSecond = tokensPerSecond;
    this.bucket = bucket;
    this.source = source;
    double[] sorted = tokensPerSecond.clone();
    Arrays.sort(sorted);
    double p = sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.round(0.95 * (sorted.length - 1)))];
    this.p95 = p > 0 ? p : 1;
  }

  /** Prompt plus generated tokens per second of each bucket of {@code series}. */
  public static DemandTrace of(TraceSeries series) {
    double seconds = series.bucket().toNanos() / 1e9;
    double[] perSecond = series.buckets().stream().mapToDouble(b -> b.tokens() / seconds).toArray();
    return new DemandTrace(perSecond, series.bucket(), series.source());
  }

  /** The Azure LLM inference trace 2023 (conversation service) shipped with the testkit. */
  public static DemandTrace azureConversation2023() {
    return of(TraceSeries.resource(TraceSeries.AZURE_CONV_2023));
  }

  /**
   * Reads a raw trace in the Azure LLM inference trace format
   * ({@code TIMESTAMP,ContextTokens,GeneratedTokens}) and sums prompt plus generated tokens per
   * {@code bucket}.
   *
   * @throws IllegalArgumentException naming the line that cannot be read
   */
  public static DemandTrace read(Path csv, Duration bucket) {
    return of(TraceSeries.aggregate(csv, bucket));
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

  /** Where the demand came from: a file or classpath resource name. */
  public String source() {
    return source;
  }
}
