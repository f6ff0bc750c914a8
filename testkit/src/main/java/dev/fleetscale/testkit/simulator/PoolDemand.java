package dev.fleetscale.testkit.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demand on one pool over time, as a load relative to the pool's initial GPUs: 1.0 keeps
 * every GPU the pool started with busy, 0.5 half of them; above 1 the pool is short. The
 * simulator multiplies it by the pool's initial GPU count to get busy GPU-equivalents, which it
 * then spreads over the GPUs the pool serves with now (see docs/simulator.md).
 *
 * <p>A demand is a trace or a scenario made of terms that add up: {@link #constant}, {@link
 * #step}, {@link #ramp}, {@link #diurnal}, {@link #burst}, {@link #growth}. {@link #parse} reads
 * the text form of {@code FLEETSCALE_SIM_DEMAND}. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface PoolDemand {

  /** Load at {@code elapsed} since the simulator started; never negative. */
  double load(Duration elapsed);

  /** This demand plus {@code other}. */
  default PoolDemand plus(PoolDemand other) {
    return t -> load(t) + other.load(t);
  }

  /** The shipped or given trace, scaled so that its 95th percentile is {@code peakLoad}. */
  static PoolDemand trace(DemandTrace trace, double peakLoad) {
    return t -> peakLoad * trace.relativeLoad(t);
  }

  static PoolDemand constant(double load) {
    return t -> load;
  }

  /** {@code from} until {@code at}, then {@code to}. */
  static PoolDemand step(Duration at, double from, double to) {
    return t -> t.compareTo(at) < 0 ? from : to;
  }

  /** {@code from} until {@code start}, then linearly to {@code to} over {@code over}, then {@code to}. */
  static PoolDemand ramp(Duration start, Duration over, double from, double to) {
    return t -> {
      if (t.compareTo(start) <= 0) {
        return from;
      }
      double f = Math.min(1.0, seconds(t.minus(start)) / Math.max(1e-9, seconds(over)));
      return from + (to - from) * f;
    };
  }

  /** {@code mean + amplitude × sin(2π t / period)}, clipped at 0: a daily cycle for period 24 h. */
  static PoolDemand diurnal(double mean, double amplitude, Duration period) {
    return t -> Math.max(0, mean + amplitude * Math.sin(2 * Math.PI * seconds(t) / seconds(period)));
  }

  /** {@code extra} for {@code length} at the start of every {@code every}, from {@code start} on. */
  static PoolDemand burst(Duration start, Duration every, Duration length, double extra) {
    return t -> {
      if (t.compareTo(start) < 0) {
        return 0;
      }
      long into = t.minus(start).toNanos() % every.toNanos();
      return into < length.toNanos() ? extra : 0;
    };
  }

  /** {@code base × (1 + perDay)^(t / 1 day)}: compound growth. */
  static PoolDemand growth(double base, double perDay) {
    return t -> base * Math.pow(1 + perDay, seconds(t) / 86_400.0);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /**
   * Reads {@code pool=term+term;pool=term...}, a term being {@code kind(key=value,...)}:
   *
   * <ul>
   *   <li>{@code trace(peak=0.85)}: the simulator's trace, its p95 at {@code peak}
   *   <li>{@code constant(load=0.9)}
   *   <li>{@code step(at=120s,from=0.3,to=0.9)}
   *   <li>{@code ramp(start=60s,over=10m,from=0.2,to=1.0)}
   *   <li>{@code diurnal(mean=0.6,amplitude=0.3,period=24h)}
   *   <li>{@code burst(start=0s,every=15m,length=1m,extra=0.5)}
   *   <li>{@code growth(base=0.5,per_day=0.02)}
   * </ul>
   *
   * Durations take {@code s}, {@code m}, {@code h} or {@code d}. Loads are relative to the pool's
   * initial GPUs.
   *
   * @param name the setting's name, for errors
   * @param trace what {@code trace(...)} plays
   * @return the demand per pool, in the order given
   * @throws IllegalArgumentException naming the setting, the term and the rule it breaks
   */
  static Map<String, PoolDemand> parse(String name, String text, DemandTrace trace) {
    Map<String, PoolDemand> pools = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return pools;
    }
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      int paren = entry.indexOf('(');
      if (eq <= 0 || (paren >= 0 && paren < eq)) {
        throw new IllegalArgumentException(name + ": '" + entry.trim() + "' must be pool=term[+term...]");
      }
      String pool = entry.substring(0, eq).trim();
      if (pools.containsKey(pool)) {
        throw new IllegalArgumentException(name + ": pool " + pool + " is given twice");
      }
      PoolDemand demand = null;
      for (String term : entry.substring(eq + 1).split("\\+")) {
        PoolDemand d = term(name, pool, term.trim(), trace);
        demand = demand == null ? d : demand.plus(d);
      }
      pools.put(pool, demand);
    }
    return pools;
  }

  private static PoolDemand term(String name, String pool, String term, DemandTrace trace) {
    String where = name + ": pool " + pool + ", term '" + term + "'";
    int open = term.indexOf('(');
    if (open <= 0 || !term.endsWith(")")) {
      throw new IllegalArgumentException(where + ": must be kind(key=value,...)");
    }
    String kind = term.substring(0, open).trim().toLowerCase(Locale.ROOT);
    Map<String, String> args = new LinkedHashMap<>();
    String inner = term.substring(open + 1, term.length() - 1);
    for (String arg : inner.split(",")) {
      if (arg.isBlank()) {
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(where + ": '" + arg.trim() + "' must be key=value");
      }
      args.put(arg.substring(0, eq).trim().toLowerCase(Locale.ROOT), arg.substring(eq + 1).trim());
    }
    Args a = new Args(where, args);
    PoolDemand demand = switch (kind) {
      case "trace" -> trace(trace, a.load("peak", 0.85));
      case "constant" -> constant(a.load("load", null));
      case "step" -> step(a.duration("at"), a.load("from", null), a.load("to", null));
      case "ramp" -> ramp(a.duration("start"), a.positiveDuration("over"), a.load("from", null), a.load("to", null));
      case "diurnal" -> diurnal(a.load("mean", null), a.load("amplitude", null), a.positiveDuration("period"));
      case "burst" -> burst(a.duration("start"), a.positiveDuration("every"), a.duration("length"), a.load("extra", null));
      case "growth" -> growth(a.load("base", null), a.number("per_day", null, -0.99));
      default -> throw new IllegalArgumentException(where + ": unknown kind '" + kind
          + "' (trace, constant, step, ramp, diurnal, burst, growth)");
    };
    a.noneLeft();
    return demand;
  }

  /** The arguments of one term, each read once. */
  final class Args {
    private final String where;
    private final Map<String, String> args;
    private final List<String> used = new ArrayList<>();

    private Args(String where, Map<String, String> args) {
      this.where = where;
      this.args = args;
    }

    private String get(String key) {
      used.add(key);
      return args.get(key);
    }

    double load(String key, Double fallback) {
      return number(key, fallback, 0.0);
    }

    double number(String key, Double fallback, double min) {
      String v = get(key);
      if (v == null) {
        if (fallback == null) {
          throw new IllegalArgumentException(where + ": " + key + " is required");
        }
        return fallback;
      }
      try {
        double d = Double.parseDouble(v);
        if (Double.isFinite(d) && d >= min) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(where + ": " + key + " must be a number >= " + min + ", was '" + v + "'");
    }

    Duration duration(String key) {
      String v = get(key);
      if (v == null) {
        throw new IllegalArgumentException(where + ": " + key + " is required");
      }
      try {
        return FleetSimulator.duration(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + key + " " + e.getMessage());
      }
    }

    Duration positiveDuration(String key) {
      Duration d = duration(key);
      if (d.isZero()) {
        throw new IllegalArgumentException(where + ": " + key + " must be longer than 0");
      }
      return d;
    }

    void noneLeft() {
      for (String key : args.keySet()) {
        if (!used.contains(key)) {
          throw new IllegalArgumentException(where + ": unknown key '" + key + "'");
        }
      }
    }
  }
}
