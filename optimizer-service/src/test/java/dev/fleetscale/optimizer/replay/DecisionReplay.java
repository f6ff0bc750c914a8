package dev.fleetscale.optimizer.replay;

import dev.fleetscale.optimizer.OptimizerMain;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Decision-quality replay: every policy on every demand trace, in simulated time, with the same
 * pool model and actuation delays; prints the table, writes a CSV and PNG charts. See
 * docs/decision-quality.md for the input contract and the command.
 */
public final class DecisionReplay {

  /** The command line, validated. */
  public record Options(List<String> traces, int gpusPerHost, int upDelaySeconds,
      int downDelaySeconds, double target, List<Double> sweep, double tokensPerGpuSecond,
      int predictiveLeadSeconds, Path out) {

    static final String USAGE = """
        usage: DecisionReplay --trace FILE[,FILE...] [--trace FILE]... [options]
          --trace FILE              demand trace (CSV: timestamp,demand_gpus[,pool]; or the Azure
                                    LLM inference trace; or classpath:RESOURCE); repeatable
          --gpus-per-host N         GPUs per host (default 8)
          --actuation-delay UP[,DOWN]  seconds to add / remove a host (default 90,30)
          --target F                target GPU utilization, 0 < F < 1 (default 0.7)
          --sweep F,F,...           targets of the GPU-hours/SLO-miss curves (default 0.50..0.85 by 0.05)
          --tokens-per-gpu-second N prompt+generated tokens one GPU processes per second, for the
                                    Azure traces (default 100)
          --predictive-lead S       lead of Fleetscale's predictive mode, s (default: the up delay)
          --out DIR                 where the CSV and PNGs go (default target/decision-replay)
        """;

    public static Options parse(String... args) {
      List<String> traces = new ArrayList<>();
      int gpus = 8;
      int up = 90;
      int down = 30;
      double target = 0.7;
      List<Double> sweep = new ArrayList<>(List.of(0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85));
      double tokens = 100;
      Integer lead = null;
      Path out = Path.of("target", "decision-replay");
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--help") || flag.equals("-h")) {
          throw new IllegalArgumentException(USAGE);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + ": needs a value\n" + USAGE);
        }
        String value = args[++i];
        switch (flag) {
          case "--trace" -> {
            for (String t : value.split(",")) {
              if (!t.isBlank()) {
                traces.add(t.trim());
              }
            }
          }
          case "--gpus-per-host" -> gpus = integer(flag, value, 1);
          case "--actuation-delay" -> {
            String[] parts = value.split(",", -1);
            if (parts.length > 2) {
              throw new IllegalArgumentException(flag + ": expected UP[,DOWN] seconds, was '"
                  + value + "'");
            }
            up = integer(flag, parts[0], 0);
            down = parts.length == 2 ? integer(flag, parts[1], 0) : up;
          }
          case "--target" -> target = fraction(flag, value);
          case "--sweep" -> {
            sweep = new ArrayList<>();
            for (String f : value.split(",")) {
              sweep.add(fraction(flag, f));
            }
          }
          case "--tokens-per-gpu-second" -> tokens = positive(flag, value);
          case "--predictive-lead" -> lead = integer(flag, value, 1);
          case "--out" -> out = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
        }
      }
      if (traces.isEmpty()) {
        throw new IllegalArgumentException("--trace: at least one trace is needed\n" + USAGE);
      }
      if (up % PoolReplay.TICK_SECONDS != 0 || down % PoolReplay.TICK_SECONDS != 0) {
        throw new IllegalArgumentException("--actuation-delay: must be multiples of "
            + PoolReplay.TICK_SECONDS + " s (the simulation's tick), was " + up + "," + down);
      }
      if (!sweep.contains(target)) {
        sweep.add(target);
      }
      sweep.sort(Double::compare);
      return new Options(List.copyOf(traces), gpus, up, down, target, List.copyOf(sweep), tokens,
          lead == null ? Math.max(PoolReplay.TICK_SECONDS, up) : lead, out);
    }

    private static int integer(String flag, String value, int min) {
      try {
        int v = Integer.parseInt(value.trim());
        if (v < min) {
          throw new IllegalArgumentException(flag + ": must be >= " + min + ", was " + v);
        }
        return v;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + ": must be a whole number, was '" + value + "'");
      }
    }

    private static double fraction(String flag, String value) {
      double v = positive(flag, value);
      if (v >= 1) {
        throw new IllegalArgumentException(flag + ": a utilization between 0 and 1 (0.7 for"
            + " 70 %), was " + value);
      }
      return v;
    }

    private static double positive(String flag, String value) {
      try {
        double v = Double.parseDouble(value.trim());
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException(flag + ": must be a number > 0, was " + value);
        }
        return v;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + ": must be a number, was '" + value + "'");
      }
    }
  }

  /** The policies of one replay at one target, in table order. */
  static List<ReplayPolicy> policies(DemandSeries s, Options o, double target) {
    return List.of(
        FleetscalePolicy.reactive(target, o.gpusPerHost()),
        FleetscalePolicy.predictive(target, Duration.ofSeconds(o.predictiveLeadSeconds()),
            Duration.ofSeconds(o.downDelaySeconds()), o.gpusPerHost()),
        new HpaReference(target,
            FleetscalePolicy.reactive(target, o.gpusPerHost()).policy().maxReplicas()),
        new StaticPolicy(s, target, o.gpusPerHost()),
        new OraclePolicy(s, target, o.gpusPerHost(), o.upDelaySeconds(), o.downDelaySeconds()));
  }

  /** Every policy on {@code s} at every target of the sweep. */
  record SeriesResult(DemandSeries series, List<PoolReplay.Run> atTarget,
      Map<String, List<Curves.Point>> curves, Map<String, List<Metrics>> sweepMetrics) {}

  static SeriesResult replay(DemandSeries s, Options o) {
    PoolReplay replay = new PoolReplay(s, o.gpusPerHost(), o.upDelaySeconds(),
        o.downDelaySeconds());
    List<PoolReplay.Run> atTarget = new ArrayList<>();
    Map<String, List<Curves.Point>> curves = new LinkedHashMap<>();
    Map<String, List<Metrics>> sweep = new LinkedHashMap<>();
    for (double target : o.sweep()) {
      for (ReplayPolicy p : policies(s, o, target)) {
        int initial = p instanceof StaticPolicy fixed ? fixed.hosts() : replay.initialHosts(target);
        PoolReplay.Run run = replay.run(p, initial);
        Metrics m = run.metrics();
        curves.computeIfAbsent(p.name(), k -> new ArrayList<>())
            .add(new Curves.Point(target, m.gpuHours(), m.sloMissShare()));
        sweep.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(m);
        if (target == o.target()) {
          atTarget.add(run);
        }
      }
    }
    return new SeriesResult(s, atTarget, curves, sweep);
  }

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Options o;
    List<DemandSeries> all = new ArrayList<>();
    try {
      o = Options.parse(args);
      TraceReader reader = new TraceReader(o.tokensPerGpuSecond());
      for (String t : o.traces()) {
        all.addAll(reader.read(t));
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Files.createDirectories(o.out());
    long started = System.nanoTime();
    List<SeriesResult> results = new ArrayList<>();
    for (DemandSeries s : all) {
      results.add(replay(s, o));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    PrintStream out = System.out;
    report(out, o, results);
    out.printf(Locale.ROOT, "%nreplayed %d trace(s) × %d policies × %d targets in %.1f s%n",
        results.size(), 5, o.sweep().size(), seconds);
    writeCsv(o.out().resolve("decision-replay.csv"), o, results);
    for (SeriesResult r : results) {
      String base = slug(r.series().name());
      Charts.capacity(o.out().resolve(base + "-capacity.png"), r.series().name()
          + ": demand and GPUs serving at target " + pct(o.target()), r.atTarget());
      Charts.curves(o.out().resolve(base + "-curves.png"), r.series().name()
          + ": GPU-hours vs SLO-miss, targets " + pct(o.sweep().get(0)) + "-"
          + pct(o.sweep().get(o.sweep().size() - 1)), r.curves());
    }
    out.println("wrote " + o.out().resolve("decision-replay.csv") + " and "
        + results.size() * 2 + " PNG charts in " + o.out());
  }

  static void report(PrintStream out, Options o, List<SeriesResult> results) {
    for (SeriesResult r : results) {
      DemandSeries s = r.series();
      out.printf(Locale.ROOT, "%n## %s: %d windows of 10 s (%.2f h), demand mean %.1f, peak %.1f"
              + " GPU-eq.; %d GPUs/host, actuation %d s up / %d s down, target %s%n%n",
          s.name(), s.windows(), s.hours(), s.mean(), s.peak(), o.gpusPerHost(),
          o.upDelaySeconds(), o.downDelaySeconds(), pct(o.target()));
      Metrics stat = null;
      for (PoolReplay.Run run : r.atTarget()) {
        if (run.policy().equals("static-peak")) {
          stat = run.metrics();
        }
      }
      out.println("| policy | GPU-hours | vs static | SLO-miss windows | mean slack, GPUs"
          + " | scaling events | scale-ups pulled back | p95 utilization |");
      out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
      for (PoolReplay.Run run : r.atTarget()) {
        Metrics m = run.metrics();
        out.printf(Locale.ROOT, "| %s | %.1f | %.0f %% | %.2f %% | %.1f | %d | %d | %.1f %% |%n",
            run.policy(), m.gpuHours(), 100 * m.gpuHours() / stat.gpuHours(),
            100 * m.sloMissShare(), m.meanSlackGpus(), m.scalingEvents(), m.startsCancelled(),
            100 * m.p95Utilization());
      }
      out.println();
      StringBuilder head = new StringBuilder("| target |");
      StringBuilder rule = new StringBuilder("| ---: |");
      for (String p : r.curves().keySet()) {
        head.append(' ').append(p).append(" GPU-h / miss |");
        rule.append(" ---: |");
      }
      out.println(head);
      out.println(rule);
      for (int i = 0; i < o.sweep().size(); i++) {
        StringBuilder row = new StringBuilder("| " + pct(o.sweep().get(i)) + " |");
        for (List<Curves.Point> c : r.curves().values()) {
          Curves.Point p = c.get(i);
          row.append(String.format(Locale.ROOT, " %.1f / %.2f %% |", p.gpuHours(),
              100 * p.sloMissShare()));
        }
        out.println(row);
      }
      out.println();
      for (String fs : List.of("fleetscale-reactive", "fleetscale-predictive")) {
        targets(o, r, fs).forEach(out::println);
      }
      plannerTable(out, o, s);
    }
  }

  /** The rebalance planner on the same series ({@link PlannerReplay}). */
  static void plannerTable(PrintStream out, Options o, DemandSeries s) {
    List<PlannerReplay.Result> results = new PlannerReplay(s, o.gpusPerHost(), o.target()).run();
    PlannerReplay.Result first = results.get(0);
    out.printf(Locale.ROOT, "%nRebalance planner (shipped goals): %d hosts, %d one-GPU replicas"
        + " placed first fit, planned every %d s%n%n", first.hosts(), first.replicas(),
        OptimizerMain.load(null, Map.of()).rebalanceEvery().toSeconds());
    out.println("| placement | mean host-utilization spread | p95 spread | hot host-windows"
        + " (> 90 %) | planning runs | plans with moves | moves | ms per run |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (PlannerReplay.Result r : results) {
      out.printf(Locale.ROOT, "| %s | %.1f pp | %.1f pp | %.2f %% | %d | %d | %d | %.1f |%n",
          r.name(), r.meanSpreadPct(), r.p95SpreadPct(), 100 * r.hotHostShare(), r.runs(),
          r.plans(), r.moves(), r.meanPlanMillis());
    }
  }

  /** The three targets for one Fleetscale mode, each with its figures and verdict. */
  static List<String> targets(Options o, SeriesResult r, String fs) {
    Function<String, Curves.Point> at = name -> r.curves().get(name).stream()
        .filter(p -> p.target() == o.target()).findFirst().orElseThrow();
    Curves.Point f = at.apply(fs);
    Curves.Point hpa = at.apply("k8s-hpa");
    Curves.Point stat = at.apply("static-peak");
    List<Curves.Point> fsCurve = r.curves().get(fs);
    double ghAtHpaMiss = Curves.gpuHoursAt(fsCurve, hpa.sloMissShare());
    double missAtHpaGh = Curves.missAt(fsCurve, hpa.gpuHours());
    boolean fewerHours = ghAtHpaMiss <= 0.85 * hpa.gpuHours();
    boolean fewerMisses = missAtHpaGh <= 0.7 * hpa.sloMissShare();
    List<Curves.Point> oracle = r.curves().get("oracle");
    double oracleWorst = oracle.stream().mapToDouble(Curves.Point::sloMissShare).max().orElse(0);
    Curves.Point oracleSameTarget = at.apply("oracle");
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%s vs HPA (HPA at %s: %.1f GPU-h, %.2f %% miss):"
            + " at HPA's miss share %s GPU-h (%s), at HPA's GPU-hours %s miss (%s) -> %s",
        fs, pct(o.target()), hpa.gpuHours(), 100 * hpa.sloMissShare(),
        Double.isNaN(ghAtHpaMiss) ? "unreachable" : String.format(Locale.ROOT, "%.1f", ghAtHpaMiss),
        Double.isNaN(ghAtHpaMiss) ? "n/a" : signed(ghAtHpaMiss / hpa.gpuHours() - 1),
        Double.isNaN(missAtHpaGh) ? "unreachable"
            : String.format(Locale.ROOT, "%.2f %%", 100 * missAtHpaGh),
        Double.isNaN(missAtHpaGh) || hpa.sloMissShare() == 0 ? "n/a"
            : signed(missAtHpaGh / hpa.sloMissShare() - 1),
        fewerHours || fewerMisses ? "MET (needs -15 % GPU-h or -30 % misses)"
            : "MISSED (needs -15 % GPU-h or -30 % misses)"));
    lines.add(String.format(Locale.ROOT, "%s vs static peak: %.1f / %.1f GPU-h = %.0f %%, with"
            + " %.2f %% / %.2f %% SLO-miss windows -> %s",
        fs, f.gpuHours(), stat.gpuHours(), 100 * f.gpuHours() / stat.gpuHours(),
        100 * f.sloMissShare(), 100 * stat.sloMissShare(),
        f.gpuHours() <= 0.6 * stat.gpuHours() ? "MET on GPU-hours (<= 60 %)"
            : "MISSED (<= 60 %)"));
    // The Fleetscale sweep point closest to the oracle's GPU-hours at the same SLO-miss share,
    // among those whose miss share the oracle's curve reaches (no worse than its worst point).
    Curves.Point best = null;
    double bestRatio = Double.NaN;
    for (Curves.Point p : fsCurve) {
      if (p.sloMissShare() > oracleWorst) {
        continue;
      }
      double o2 = Curves.gpuHoursAt(oracle, p.sloMissShare());
      if (!Double.isNaN(o2) && (best == null || p.gpuHours() / o2 < bestRatio)) {
        best = p;
        bestRatio = p.gpuHours() / o2;
      }
    }
    if (best == null) {
      lines.add(String.format(Locale.ROOT, "%s vs oracle: at every swept target it misses more"
              + " windows than the oracle at any (at most %.2f %%), so there is no equal-miss"
              + " point; at target %s it misses %.2f %% with %.1f GPU-h, the oracle %.2f %% with"
              + " %.1f GPU-h -> MISSED", fs, 100 * oracleWorst, pct(o.target()),
          100 * f.sloMissShare(), f.gpuHours(), 100 * oracleSameTarget.sloMissShare(),
          oracleSameTarget.gpuHours()));
    } else {
      lines.add(String.format(Locale.ROOT, "%s vs oracle at equal SLO-miss: best at target %s,"
              + " %.1f GPU-h at %.2f %% miss vs the oracle's %.1f = %s -> %s", fs,
          pct(best.target()), best.gpuHours(), 100 * best.sloMissShare(),
          best.gpuHours() / bestRatio, signed(bestRatio - 1),
          bestRatio <= 1.15 ? "MET (within +15 %)" : "MISSED (within +15 %)"));
    }
    return lines;
  }

  static void writeCsv(Path file, Options o, List<SeriesResult> results) {
    StringBuilder csv = new StringBuilder("trace,policy,target,gpus_per_host,up_delay_s,"
        + "down_delay_s,gpu_hours,slo_miss_share,mean_slack_gpus,scaling_events,"
        + "scale_ups_pulled_back,p95_utilization\n");
    for (SeriesResult r : results) {
      for (Map.Entry<String, List<Metrics>> e : r.sweepMetrics().entrySet()) {
        for (int i = 0; i < o.sweep().size(); i++) {
          Metrics m = e.getValue().get(i);
          csv.append(String.format(Locale.ROOT, "%s,%s,%.2f,%d,%d,%d,%.3f,%.5f,%.3f,%d,%d,%.4f%n",
              r.series().name(), e.getKey(), o.sweep().get(i), o.gpusPerHost(),
              o.upDelaySeconds(), o.downDelaySeconds(), m.gpuHours(), m.sloMissShare(),
              m.meanSlackGpus(), m.scalingEvents(), m.startsCancelled(), m.p95Utilization()));
        }
      }
    }
    try {
      Files.writeString(file, csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
  }

  private static String signed(double change) {
    return String.format(Locale.ROOT, "%+.1f %%", change * 100);
  }

  private static String slug(String name) {
    return name.replaceAll("\\.csv$", "").replaceAll("[^A-Za-z0-9._-]+", "-");
  }
}
