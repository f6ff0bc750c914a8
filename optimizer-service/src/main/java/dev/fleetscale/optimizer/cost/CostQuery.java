package dev.fleetscale.optimizer.cost;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /costs} (docs/cost.md), parsed and checked; a bad one is a
 * {@link BadParameter} naming the parameter and the rule. Immutable.
 *
 * @param start exclusive: windows ending after it count
 * @param end inclusive, on an hour
 * @param aggregate what one entry is
 * @param labelKey the label for {@link Aggregate#LABEL}, else null
 * @param step the length of one set of entries (a whole number of hours dividing the window)
 * @param idle what happens to the cost of GPU time nobody held
 * @param csv answer CSV instead of JSON
 */
public record CostQuery(Instant start, Instant end, Aggregate aggregate, String labelKey,
    Duration step, Idle idle, boolean csv) {

  /** What one entry of the answer is. */
  public enum Aggregate {
    POOL, WORKLOAD, HOST, GPU, LABEL
  }

  /** Idle cost: one {@code __idle__} entry, shared by cost, or shared on each host. */
  public enum Idle {
    SEPARATE, SHARE, BY_HOST
  }

  /** A parameter that breaks its rule; answered 400. */
  public static final class BadParameter extends IllegalArgumentException {
    public BadParameter(String parameter, String rule, String was) {
      super(parameter + ": " + rule + ", was " + (was == null ? "absent" : "'" + was + "'"));
    }
  }

  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([hd])");
  private static final Set<String> KNOWN = Set.of("window", "aggregate", "step", "idle",
      "format");
  private static final Duration HOUR = Duration.ofHours(1);

  /**
   * @param params the query parameters, one value each
   * @param now the clock: a relative window ends at the last whole hour before it
   * @param maxWindow the longest window allowed
   */
  public static CostQuery parse(Map<String, String> params, Instant now, Duration maxWindow) {
    for (String name : params.keySet()) {
      if (!KNOWN.contains(name)) {
        throw new BadParameter(name, "unknown parameter (known: aggregate, format, idle, step,"
            + " window)", params.get(name));
      }
    }
    String window = params.get("window");
    Instant start;
    Instant end;
    if (window == null) {
      throw new BadParameter("window", "required: <n>h, <n>d or <start>,<end> (RFC 3339)", null);
    }
    Matcher m = RELATIVE.matcher(window);
    if (m.matches()) {
      end = now.truncatedTo(ChronoUnit.HOURS);
      long n = Long.parseLong(m.group(1));
      start = end.minus(m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n));
    } else {
      String[] parts = window.split(",", -1);
      if (parts.length != 2) {
        throw new BadParameter("window", "must be <n>h, <n>d or <start>,<end> (RFC 3339)",
            window);
      }
      try {
        start = Instant.parse(parts[0].trim());
        end = Instant.parse(parts[1].trim());
      } catch (DateTimeParseException e) {
        throw new BadParameter("window", "must be <n>h, <n>d or <start>,<end> (RFC 3339)",
            window);
      }
      if (!start.truncatedTo(ChronoUnit.HOURS).equals(start)
          || !end.truncatedTo(ChronoUnit.HOURS).equals(end)) {
        throw new BadParameter("window", "start and end must be on whole hours (costs are"
            + " hourly)", window);
      }
    }
    Duration length = Duration.between(start, end);
    if (length.compareTo(HOUR) < 0) {
      throw new BadParameter("window", "must be at least 1h", window);
    }
    if (length.compareTo(maxWindow) > 0) {
      throw new BadParameter("window", "must be at most " + maxWindow.toDays() + "d", window);
    }
    String agg = params.getOrDefault("aggregate", "pool");
    Aggregate aggregate;
    String labelKey = null;
    if (agg.startsWith("label:")) {
      labelKey = agg.substring("label:".length());
      if (labelKey.isBlank()) {
        throw new BadParameter("aggregate", "label:KEY needs a label key", agg);
      }
      aggregate = Aggregate.LABEL;
    } else {
      aggregate = switch (agg) {
        case "pool" -> Aggregate.POOL;
        case "workload" -> Aggregate.WORKLOAD;
        case "host" -> Aggregate.HOST;
        case "gpu" -> Aggregate.GPU;
        default -> throw new BadParameter("aggregate",
            "must be pool, workload, host, gpu or label:KEY", agg);
      };
    }
    Duration step = length;
    String stepText = params.get("step");
    if (stepText != null) {
      Matcher s = RELATIVE.matcher(stepText);
      if (!s.matches() || Long.parseLong(s.group(1)) == 0) {
        throw new BadParameter("step", "must be <n>h or <n>d, n >= 1", stepText);
      }
      long n = Long.parseLong(s.group(1));
      step = s.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
      if (step.compareTo(length) > 0 || length.toMillis() % step.toMillis() != 0) {
        throw new BadParameter("step", "must divide the window (" + length.toHours() + "h)",
            stepText);
      }
    }
    String idleText = params.getOrDefault("idle", "separate");
    Idle idle = switch (idleText) {
      case "separate" -> Idle.SEPARATE;
      case "share" -> Idle.SHARE;
      case "byHost" -> Idle.BY_HOST;
      default -> throw new BadParameter("idle", "must be separate, share or byHost", idleText);
    };
    String format = params.getOrDefault("format", "json").toLowerCase(Locale.ROOT);
    if (!format.equals("json") && !format.equals("csv")) {
      throw new BadParameter("format", "must be json or csv", params.get("format"));
    }
    return new CostQuery(start, end, aggregate, labelKey, step, idle, format.equals("csv"));
  }

  /** The InfluxQL duration of the step, e.g. {@code 24h}. */
  String stepLiteral() {
    return step.toHours() + "h";
  }
}
