package dev.fleetscale.testkit.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;

/**
 * A request trace aggregated into fixed buckets: per bucket the number of requests and the prompt
 * and generated tokens they carry. This is the form in which the project ships the Azure LLM
 * inference trace ({@link #AZURE_CONV_2023}): small, and without the individual requests.
 *
 * <p>The CSV form is {@value #HEADER}, one row per bucket (empty buckets included), bucket starts
 * in UTC at multiples of the bucket length since the epoch, consecutive. Regenerate the shipped
 * series from the raw trace with {@link #main}:
 *
 * <pre>
 * java -cp testkit/target/classes dev.fleetscale.testkit.simulator.TraceSeries \
 *   AzureLLMInferenceTrace_conv.csv \
 *   testkit/src/main/resources/dev/fleetscale/testkit/simulator/azure-llm-inference-2023-conv-10s.csv
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TraceSeries {

  /** The header of the aggregated CSV form. */
  public static final String HEADER = "bucket_start_utc,requests,context_tokens,generated_tokens";

  /**
   * Classpath resource: the Azure LLM inference trace 2023, conversation service, per 10 s
   * (Microsoft Azure, CC BY 4.0; see {@code ATTRIBUTION.md} beside it).
   */
  public static final String AZURE_CONV_2023 =
      "dev/fleetscale/testkit/simulator/azure-llm-inference-2023-conv-10s.csv";

  /** The header of a raw trace in the Azure LLM inference trace format. */
  static final String RAW_HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";

  private static final DateTimeFormatter RAW_TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter();

  /** One bucket: {@code [start, start + bucket)}. */
  public record Bucket(Instant start, long requests, long contextTokens, long generatedTokens) {

    /** Prompt plus generated tokens. */
    public long tokens() {
      return contextTokens + generatedTokens;
    }
  }

  private final String source;
  private final Duration bucket;
  private final List<Bucket> buckets;

  private TraceSeries(String source, Duration bucket, List<Bucket> buckets) {
    this.source = source;
    this.bucket = bucket;
    this.buckets = List.copyOf(buckets);
  }

  /**
   * Aggregates a raw trace ({@value #RAW_HEADER}, UTC timestamps) into buckets of {@code bucket}.
   *
   * @throws IllegalArgumentException naming the line that cannot be read
   */
  public static TraceSeries aggregate(Path rawCsv, Duration bucket) {
    if (bucket.isNegative() || bucket.isZero() || bucket.toNanos() % 1_000_000_000L != 0) {
      throw new IllegalArgumentException("bucket must be a whole number of seconds > 0, was " + bucket);
    }
    long bucketSeconds = bucket.toSeconds();
    List<long[]> rows = new ArrayList<>(); // bucket index since the epoch, context, generated
    try (BufferedReader in = Files.newBufferedReader(rawCsv, StandardCharsets.UTF_8)) {
      String header = stripBom(in.readLine());
      if (header == null || !header.trim().equals(RAW_HEADER)) {
        throw new IllegalArgumentException(rawCsv + " line 1: expected the header " + RAW_HEADER + ", was '" + header + "'");
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cols = line.split(",", -1);
        try {
          if (cols.length != 3) {
            throw new IllegalArgumentException("expected 3 columns, found " + cols.length);
          }
          Instant at = LocalDateTime.parse(cols[0].trim(), RAW_TIMESTAMP).toInstant(ZoneOffset.UTC);
          rows.add(new long[] {
              Math.floorDiv(at.getEpochSecond(), bucketSeconds),
              nonNegative("ContextTokens", cols[1]),
              nonNegative("GeneratedTokens", cols[2])});
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(rawCsv + " line " + lineNo + ": TIMESTAMP '" + cols[0] + "' is not yyyy-MM-dd HH:mm:ss[.fraction]", e);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(rawCsv + " line " + lineNo + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + rawCsv, e);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(rawCsv + ": the trace holds no requests");
    }
    long first = rows.stream().mapToLong(r -> r[0]).min().orElseThrow();
    long last = rows.stream().mapToLong(r -> r[0]).max().orElseThrow();
    long[][] sums = new long[Math.toIntExact(last - first + 1)][3];
    for (long[] row : rows) {
      long[] sum = sums[(int) (row[0] - first)];
      sum[0]++;
      sum[1] += row[1];
      sum[2] += row[2];
    }
    List<Bucket> buckets = new ArrayList<>(sums.length);
    for (int i = 0; i < sums.length; i++) {
      buckets.add(new Bucket(Instant.ofEpochSecond((first + i) * bucketSeconds), sums[i][0], sums[i][1], sums[i][2]));
    }
    return new TraceSeries(rawCsv.getFileName().toString(), bucket, buckets);
  }

  /** Reads the aggregated CSV form from a file. */
  public static TraceSeries read(Path csv) {
    try (InputStream in = Files.newInputStream(csv)) {
      return read(in, csv.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace series " + csv, e);
    }
  }

  /** Reads the aggregated CSV form from a classpath resource, e.g. {@link #AZURE_CONV_2023}. */
  public static TraceSeries resource(String name) {
    try (InputStream in = TraceSeries.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no classpath resource " + name);
      }
      return read(in, name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace series " + name, e);
    }
  }

  /**
   * Reads the aggregated CSV form; {@code source} names it in error messages.
   *
   * @throws IllegalArgumentException naming the line and the rule it breaks
   */
  public static TraceSeries read(InputStream in, String source) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = stripBom(reader.readLine());
    if (header == null || !header.trim().equals(HEADER)) {
      throw new IllegalArgumentException(source + " line 1: expected the header " + HEADER + ", was '" + header + "'");
    }
    List<Bucket> buckets = new ArrayList<>();
    Duration step = null;
    String line;
    int lineNo = 1;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.split(",", -1);
      try {
        if (cols.length != 4) {
          throw new IllegalArgumentException("expected 4 columns, found " + cols.length);
        }
        Instant start;
        try {
          start = Instant.parse(cols[0].trim());
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("bucket_start_utc '" + cols[0] + "' is not an ISO-8601 instant such as 2023-11-16T18:15:40Z", e);
        }
        Bucket b = new Bucket(start, nonNegative("requests", cols[1]),
            nonNegative("context_tokens", cols[2]), nonNegative("generated_tokens", cols[3]));
        if (!buckets.isEmpty()) {
          Duration gap = Duration.between(buckets.get(buckets.size() - 1).start(), start);
          if (step == null) {
            if (gap.isNegative() || gap.isZero()) {
              throw new IllegalArgumentException("bucket_start_utc must increase, " + start + " follows " + buckets.get(buckets.size() - 1).start());
            }
            step = gap;
          } else if (!gap.equals(step)) {
            throw new IllegalArgumentException("bucket_start_utc must advance by " + step + " on every row (no gaps), advanced by " + gap);
          }
        }
        buckets.add(b);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + " line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    if (step == null) {
      throw new IllegalArgumentException(source + ": needs at least two buckets to know the bucket length, found " + buckets.size());
    }
    return new TraceSeries(source, step, buckets);
  }

  /** Writes the aggregated CSV form. */
  public void write(Writer out) throws IOException {
    out.write(HEADER);
    out.write('\n');
    for (Bucket b : buckets) {
      out.write(b.start() + "," + b.requests() + "," + b.contextTokens() + "," + b.generatedTokens() + "\n");
    }
  }

  /** Where the series came from: a file or resource name. */
  public String source() {
    return source;
  }

  public Duration bucket() {
    return bucket;
  }

  public List<Bucket> buckets() {
    return buckets;
  }

  /** Requests over the whole series. */
  public long requests() {
    return buckets.stream().mapToLong(Bucket::requests).sum();
  }

  /**
   * {@code TraceSeries <raw trace.csv> <output.csv> [bucket seconds, default 10]}: aggregates a raw
   * trace and writes the CSV form.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: TraceSeries <raw trace.csv> <output.csv> [bucket seconds, default 10]");
      System.exit(2);
    }
    Duration bucket = Duration.ofSeconds(args.length == 3 ? Long.parseLong(args[2]) : 10);
    TraceSeries series = aggregate(Path.of(args[0]), bucket);
    Path out = Path.of(args[1]);
    try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      series.write(writer);
    }
    System.out.printf("%s: %d requests in %d buckets of %d s, %s .. %s%n", out, series.requests(),
        series.buckets().size(), bucket.toSeconds(), series.buckets().get(0).start(),
        series.buckets().get(series.buckets().size() - 1).start());
  }

  private static long nonNegative(String column, String value) {
    try {
      long n = Long.parseLong(value.trim());
      if (n < 0) {
        throw new IllegalArgumentException(column + " must be >= 0, was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " must be a whole number, was '" + value + "'", e);
    }
  }

  private static String stripBom(String line) {
    return line != null && line.startsWith("\uFEFF") ? line.substring(1) : line;
  }
}
