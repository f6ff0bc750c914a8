package dev.fleetscale.optimizer.replay;

import dev.fleetscale.testkit.simulator.TraceSeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a demand trace into one {@link DemandSeries} per pool. Three forms, told apart by the
 * header row:
 *
 * <ul>
 *   <li>the replay's own form: a header naming a {@code timestamp} and a {@code demand_gpus}
 *       column, optionally a {@code pool} column, other columns ignored; timestamps are epoch
 *       seconds, seconds from any zero, or RFC 3339 date-times (one form per file), in time order
 *       per pool, at any spacing (resampled to 10 s by {@link Resampler});
 *   <li>the Azure LLM inference trace 2023 ({@code TIMESTAMP,ContextTokens,GeneratedTokens}, one
 *       row per request): prompt plus generated tokens per 10 s, divided by 10 s and by the tokens
 *       per second one GPU processes;
 *   <li>the testkit's 10 s aggregate of that trace ({@value TraceSeries#HEADER}), converted the
 *       same way; also as {@code classpath:dev/fleetscale/testkit/simulator/...}.
 * </ul>
 *
 * Bad input is refused with the file, line, column and rule.
 */
public final class TraceReader {

  /** Prefix of a trace read from the classpath rather than a file. */
  public static final String CLASSPATH = "classpath:";

  static final String TIMESTAMP = "timestamp";
  static final String DEMAND = "demand_gpus";
  static final String POOL = "pool";
  private static final String AZURE_RAW_HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";
  /** Numeric timestamps from this value on are read as epoch seconds (2001-09-09) for display. */
  private static final double EPOCH_FROM = 1e9;

  private final double tokensPerGpuSecond;

  /**
   * @param tokensPerGpuSecond prompt plus generated tokens one GPU processes per second, for the
   *     Azure forms; above zero
   */
  public TraceReader(double tokensPerGpuSecond) {
    if (!(tokensPerGpuSecond > 0) || Double.isInfinite(tokensPerGpuSecond)) {
      throw new IllegalArgumentException(
          "--tokens-per-gpu-second: must be a finite number > 0, was " + tokensPerGpuSecond);
    }
    this.tokensPerGpuSecond = tokensPerGpuSecond;
  }

  /** Reads {@code source}: a file path, or {@value #CLASSPATH} and a resource name. */
  public List<DemandSeries> read(String source) {
    if (source.startsWith(CLASSPATH)) {
      String name = source.substring(CLASSPATH.length());
      try (InputStream in = TraceReader.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new TraceFormatException(source + ": no such classpath resource");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return read(text, name.substring(name.lastIndexOf('/') + 1), null);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + source, e);
      }
    }
    Path path = Path.of(source);
    if (!Files.isRegularFile(path)) {
      throw new TraceFormatException("--trace " + source + ": no such file");
    }
    String header;
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      header = in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + path, e);
    }
    if (header != null && stripBom(header).trim().equals(AZURE_RAW_HEADER)) {
      // One row per request: aggregate in the testkit's code, no copy of the rows kept.
      return List.of(fromSeries(TraceSeries.aggregate(path, Duration.ofSeconds(10)),
          path.getFileName().toString()));
    }
    try {
      return read(Files.readString(path, StandardCharsets.UTF_8), path.getFileName().toString(),
          path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + path, e);
    }
  }

  /** Reads a trace held in {@code text}; {@code name} names it in series and error messages. */
  public List<DemandSeries> read(String text, String name) {
    return read(text, name, null);
  }

  private List<DemandSeries> read(String text, String name, Path path) {
    String firstLine = stripBom(text.lines().findFirst().orElse("")).trim();
    if (firstLine.equals(TraceSeries.HEADER)) {
      try {
        TraceSeries series = path != null ? TraceSeries.read(path)
            : TraceSeries.read(new java.io.ByteArrayInputStream(
                stripBom(text).getBytes(StandardCharsets.UTF_8)), name);
        return List.of(fromSeries(series, name));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read trace " + name, e);
      } catch (IllegalArgumentException e) {
        throw new TraceFormatException(e.getMessage(), e);
      }
    }
    if (firstLine.equals(AZURE_RAW_HEADER)) {
      throw new TraceFormatException(name + ": the raw Azure trace form is read from a file only");
    }
    return readDemandCsv(new StringReader(stripBom(text)), name);
  }

  private DemandSeries fromSeries(TraceSeries series, String name) {
    double bucketSeconds = series.bucket().toNanos() / 1e9;
    List<Resampler.Sample> samples = new ArrayList<>();
    for (TraceSeries.Bucket b : series.buckets()) {
      samples.add(new Resampler.Sample(b.start().getEpochSecond(),
          b.tokens() / bucketSeconds / tokensPerGpuSecond));
    }
    return new DemandSeries(name, (long) Resampler.windowStart(samples.get(0).seconds()), true,
        Resampler.resample(samples));
  }

  private enum TimeForm {
    NUMERIC,
    RFC3339
  }

  private static List<DemandSeries> readDemandCsv(Reader reader, String name) {
    CSVFormat format = CSVFormat.DEFAULT.builder()
        .setIgnoreEmptyLines(false) // so that a record's number is its line number
        .setTrim(true)
        .get();
    Map<String, List<Resampler.Sample>> byPool = new LinkedHashMap<>();
    Map<String, Integer> lastLineByPool = new LinkedHashMap<>();
    try (CSVParser parser = CSVParser.parse(reader, format)) {
      var records = parser.iterator();
      if (!records.hasNext()) {
        throw new TraceFormatException(name + " line 1: empty file; expected a header row with"
            + " columns " + TIMESTAMP + " and " + DEMAND);
      }
      CSVRecord header = records.next();
      int timeCol = -1;
      int demandCol = -1;
      int poolCol = -1;
      for (int i = 0; i < header.size(); i++) {
        String column = header.get(i).toLowerCase(Locale.ROOT);
        int previous = switch (column) {
          case TIMESTAMP -> { int p = timeCol; timeCol = i; yield p; }
          case DEMAND -> { int p = demandCol; demandCol = i; yield p; }
          case POOL -> { int p = poolCol; poolCol = i; yield p; }
          default -> -1;
        };
        if (previous >= 0) {
          throw new TraceFormatException(name + " line 1: column '" + column
              + "' appears twice (columns " + (previous + 1) + " and " + (i + 1) + ")");
        }
      }
      if (timeCol < 0 || demandCol < 0) {
        throw new TraceFormatException(name + " line 1: the header must name the columns "
            + TIMESTAMP + " and " + DEMAND + " (optionally " + POOL + "); was '"
            + String.join(",", header) + "'");
      }
      TimeForm form = null;
      long formLine = 0;
      Map<String, Double> lastTime = new LinkedHashMap<>();
      while (records.hasNext()) {
        CSVRecord r = records.next();
        long line = r.getRecordNumber(); // the header is record 1
        if (r.size() == 1 && r.get(0).isEmpty()) {
          continue; // blank line
        }
        int needed = Math.max(timeCol, Math.max(demandCol, poolCol)) + 1;
        if (r.size() < needed) {
          throw new TraceFormatException(name + " line " + line + ": " + r.size()
              + " columns, the header has " + header.size());
        }
        String rawTime = r.get(timeCol);
        double seconds;
        TimeForm here;
        Double numeric = number(rawTime);
        if (numeric != null) {
          if (!Double.isFinite(numeric)) {
            throw new TraceFormatException(cell(name, line, timeCol, TIMESTAMP)
                + "must be a finite number of seconds, was '" + rawTime + "'");
          }
          seconds = numeric;
          here = TimeForm.NUMERIC;
        } else {
          try {
            OffsetDateTime at = OffsetDateTime.parse(rfc3339(rawTime));
            seconds = at.toEpochSecond() + at.getNano() / 1e9;
            here = TimeForm.RFC3339;
          } catch (DateTimeParseException e) {
            throw new TraceFormatException(cell(name, line, timeCol, TIMESTAMP) + "'" + rawTime
                + "' is neither seconds (epoch or relative) nor an RFC 3339 date-time such as"
                + " 2023-11-16T18:15:40Z");
          }
        }
        if (form == null) {
          form = here;
          formLine = line;
        } else if (form != here) {
          throw new TraceFormatException(cell(name, line, timeCol, TIMESTAMP) + "'" + rawTime
              + "' is " + describe(here) + " but line " + formLine + " is " + describe(form)
              + "; use one form per file");
        }
        String rawDemand = r.get(demandCol);
        Double demand = number(rawDemand);
        if (demand == null || !Double.isFinite(demand) || demand < 0) {
          throw new TraceFormatException(cell(name, line, demandCol, DEMAND)
              + "must be a finite number >= 0 (GPU-equivalents busy), was '" + rawDemand + "'");
        }
        String pool = poolCol < 0 ? "" : r.get(poolCol);
        if (poolCol >= 0 && pool.isEmpty()) {
          throw new TraceFormatException(cell(name, line, poolCol, POOL) + "must not be blank");
        }
        Double previous = lastTime.get(pool);
        if (previous != null && seconds < previous) {
          throw new TraceFormatException(cell(name, line, timeCol, TIMESTAMP) + "'" + rawTime
              + "' is earlier than line " + lastLineByPool.get(pool)
              + (pool.isEmpty() ? "" : " of pool " + pool)
              + "; rows must be in time order (per pool)");
        }
        lastTime.put(pool, seconds);
        lastLineByPool.put(pool, (int) line);
        byPool.computeIfAbsent(pool, p -> new ArrayList<>())
            .add(new Resampler.Sample(seconds, demand));
      }
      if (byPool.isEmpty()) {
        throw new TraceFormatException(name + ": no data rows after the header");
      }
      List<DemandSeries> out = new ArrayList<>();
      for (Map.Entry<String, List<Resampler.Sample>> e : byPool.entrySet()) {
        List<Resampler.Sample> samples = e.getValue();
        double first = samples.get(0).seconds();
        boolean absolute = form == TimeForm.RFC3339 || first >= EPOCH_FROM;
        out.add(new DemandSeries(e.getKey().isEmpty() ? name : name + "/" + e.getKey(),
            (long) Resampler.windowStart(first), absolute, Resampler.resample(samples)));
      }
      return out;
    } catch (IOException | UncheckedIOException e) {
      throw new TraceFormatException(name + ": cannot be parsed as CSV: " + e.getMessage(), e);
    }
  }

  private static String cell(String name, long line, int column, String columnName) {
    return name + " line " + line + ", column " + (column + 1) + " (" + columnName + "): ";
  }

  private static String describe(TimeForm form) {
    return form == TimeForm.NUMERIC ? "numeric seconds" : "an RFC 3339 date-time";
  }

  /** RFC 3339 allows a space or lower-case t between date and time and a lower-case z. */
  private static String rfc3339(String value) {
    String v = value.toUpperCase(Locale.ROOT);
    if (v.length() > 10 && v.charAt(10) == ' ') {
      v = v.substring(0, 10) + 'T' + v.substring(11);
    }
    return v;
  }

  private static Double number(String value) {
    if (value.isEmpty()) {
      return null;
    }
    char c = value.charAt(0);
    if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
      return null;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String stripBom(String s) {
    return s != null && s.startsWith("\uFEFF") ? s.substring(1) : s;
  }
}
