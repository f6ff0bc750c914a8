package dev.fleetscale.optimizer.cost;

import dev.fleetscale.contracts.influx.InfluxQl;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the answer of {@code GET /costs} from {@code cost_allocation}: one InfluxQL query sums
 * the points per step, pool, host and workload (and GPU), server-side; this class then groups
 * those sums into the requested entries and places idle cost as asked (docs/cost.md). Every
 * cost is summed and split in integer micro-dollars, so each step's entries add up to the step's
 * fleet cost exactly whatever the idle mode. Stateless.
 */
public final class CostReport {

  /** The entry of allocations lacking the label asked for (OpenCost's name). */
  public static final String UNALLOCATED = "__unallocated__";

  /** One group of the query: sums of one (step, pool, host, workload[, gpu]). */
  public record Cell(int step, String pool, String host, String workload, String gpu,
      long gpuCost, long ssdCost, long networkCost, long energyCost, double gpuHours,
      double usedHours, double idleAllocatedHours, double unallocatedHours,
      double unmeasuredHours, double energyKwh) {

    long cost() {
      return gpuCost + ssdCost + networkCost + energyCost;
    }

    boolean idle() {
      return CostRow.IDLE.equals(workload);
    }
  }

  /** One entry of one step. */
  public static final class Entry {
    final String name;
    final Map<String, String> properties = new LinkedHashMap<>();
    long gpuCost;
    long ssdCost;
    long networkCost;
    long energyCost;
    long sharedIdleCost;
    double gpuHours;
    double usedHours;
    double idleAllocatedHours;
    double unallocatedHours;
    double unmeasuredHours;
    double energyKwh;

    Entry(String name) {
      this.name = name;
    }

    public String name() {
      return name;
    }

    /** Own cost plus idle cost shared to it, micro-dollars. */
    public long totalCost() {
      return gpuCost + ssdCost + networkCost + energyCost + sharedIdleCost;
    }

    void add(Cell c) {
      gpuCost += c.gpuCost();
      ssdCost += c.ssdCost();
      networkCost += c.networkCost();
      energyCost += c.energyCost();
      gpuHours += c.gpuHours();
      usedHours += c.usedHours();
      idleAllocatedHours += c.idleAllocatedHours();
      unallocatedHours += c.unallocatedHours();
      unmeasuredHours += c.unmeasuredHours();
      energyKwh += c.energyKwh();
    }

    /** The fields of the answer, in order (JSON and CSV). */
    public Map<String, Object> view(Instant start, Instant end) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("name", name);
      out.put("properties", properties);
      out.put("window", Map.of("start", start.toString(), "end", end.toString()));
      out.put("start", start.toString());
      out.put("end", end.toString());
      out.put("gpuHours", gpuHours);
      out.put("gpuHoursUsed", usedHours);
      out.put("gpuHoursIdleAllocated", idleAllocatedHours);
      out.put("gpuHoursUnallocated", unallocatedHours);
      out.put("gpuHoursUnmeasured", unmeasuredHours);
      double measured = gpuHours - unmeasuredHours;
      out.put("gpuEfficiency", measured > 1e-12 ? usedHours / measured : null);
      out.put("energyKwh", energyKwh);
      out.put("gpuCost", usd(gpuCost));
      out.put("ssdCost", usd(ssdCost));
      out.put("networkCost", usd(networkCost));
      out.put("energyCost", usd(energyCost));
      out.put("sharedIdleCost", usd(sharedIdleCost));
      out.put("totalCost", usd(totalCost()));
      out.put("totalCostMicroUsd", totalCost());
      return out;
    }
  }

  private CostReport() {}

  /** Dollars, exactly: micro-dollars with the decimal point moved. */
  public static BigDecimal usd(long micro) {
    return BigDecimal.valueOf(micro, 6);
  }

  /** The one InfluxQL query of {@code q}. */
  public static String influxql(CostQuery q) {
    // Points sit at their window's end, so a step covers ends in (from, to]: buckets start 1 ms
    // after each step's start (the offset), which also aligns steps to the window, not the epoch.
    long stepMs = q.step().toMillis();
    long offset = Math.floorMod(q.start().toEpochMilli() + 1, stepMs);
    return "SELECT sum(\"gpu_cost_micro_usd\") AS gpu_cost, sum(\"ssd_cost_micro_usd\") AS"
        + " ssd_cost, sum(\"network_cost_micro_usd\") AS network_cost,"
        + " sum(\"energy_cost_micro_usd\") AS energy_cost, sum(\"allocated_gpu_hours\") AS"
        + " gpu_hours, sum(\"used_gpu_hours\") AS used_hours, sum(\"idle_allocated_gpu_hours\")"
        + " AS idle_allocated_hours, sum(\"unallocated_gpu_hours\") AS unallocated_hours,"
        + " sum(\"unmeasured_gpu_hours\") AS unmeasured_hours, sum(\"energy_kwh\") AS energy_kwh"
        + " FROM \"" + CostPoints.MEASUREMENT + "\" WHERE \"window\" = '" + CostPoints.WINDOW
        + "' AND time > " + q.start().toEpochMilli() + "ms AND time <= " + q.end().toEpochMilli()
        + "ms GROUP BY time(" + stepMs + "ms, " + offset + "ms), \"pool\", \"host\","
        + " \"workload\"" + (q.aggregate() == CostQuery.Aggregate.GPU ? ", \"gpu\"" : "")
        + " fill(none)";
  }

  /** The query of the workloads' labels (for {@code aggregate=label:KEY}). */
  public static String labelsInfluxql(CostQuery q) {
    return "SELECT last(\"labels\") AS labels FROM \"" + CostPoints.MEASUREMENT
        + "\" WHERE \"window\" = '" + CostPoints.WINDOW + "' AND time > "
        + q.start().toEpochMilli() + "ms AND time <= " + q.end().toEpochMilli()
        + "ms GROUP BY \"workload\"";
  }

  /** The cells of an answer to {@link #influxql}. */
  public static List<Cell> cells(CostQuery q, List<InfluxQl.Series> series) {
    List<Cell> out = new ArrayList<>();
    long stepMs = q.step().toMillis();
    for (InfluxQl.Series s : series) {
      for (InfluxQl.Row r : s.rows()) {
        Instant bucket = time(r.text("time"));
        int step = (int) Math.floorDiv(bucket.toEpochMilli() - q.start().toEpochMilli() - 1,
            stepMs);
        if (step < 0) {
          step = 0; // a bucket that begins before the window: its points are all inside it
        }
        out.add(new Cell(step, s.tags().get("pool"), s.tags().get("host"),
            s.tags().get("workload"), s.tags().get("gpu"), integer(r, "gpu_cost"),
            integer(r, "ssd_cost"), integer(r, "network_cost"), integer(r, "energy_cost"),
            real(r, "gpu_hours"), real(r, "used_hours"), real(r, "idle_allocated_hours"),
            real(r, "unallocated_hours"), real(r, "unmeasured_hours"), real(r, "energy_kwh")));
      }
    }
    return out;
  }

  /** Workload → labels, from an answer to {@link #labelsInfluxql}. */
  public static Map<String, Map<String, String>> labels(List<InfluxQl.Series> series) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (InfluxQl.Series s : series) {
      for (InfluxQl.Row r : s.rows()) {
        out.put(s.tags().get("workload"), CostPoints.parseLabels(r.text("labels")));
      }
    }
    return out;
  }

  /**
   * The entries of each step, by name. {@code labels} maps workloads to their labels (only
   * read for {@code aggregate=label:KEY}).
   */
  public static List<Map<String, Entry>> aggregate(CostQuery q, List<Cell> cells,
      Map<String, Map<String, String>> labels) {
    int steps = (int) (java.time.Duration.between(q.start(), q.end()).toMillis()
        / q.step().toMillis());
    List<Map<String, Entry>> out = new ArrayList<>();
    List<List<Cell>> byStep = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      out.add(new TreeMap<>());
      byStep.add(new ArrayList<>());
    }
    for (Cell c : cells) {
      if (c.step() < steps) {
        byStep.get(c.step()).add(c);
      }
    }
    for (int i = 0; i < steps; i++) {
      Map<String, Entry> entries = out.get(i);
      List<Cell> idle = new ArrayList<>();
      List<Cell> own = new ArrayList<>();
      Map<Cell, Entry> entryOf = new HashMap<>();
      for (Cell c : byStep.get(i)) {
        if (c.idle()) {
          idle.add(c);
          continue;
        }
        Entry e = entry(entries, q, c, labels);
        e.add(c);
        own.add(c);
        entryOf.put(c, e);
      }
      switch (q.idle()) {
        case SEPARATE -> idle.forEach(c -> idleEntry(entries).add(c));
        case SHARE -> share(idle, new ArrayList<>(entries.values()), entries);
        case BY_HOST -> byHost(idle, own, entryOf, entries);
        default -> throw new IllegalStateException();
      }
    }
    return out;
  }

  private static Entry entry(Map<String, Entry> entries, CostQuery q, Cell c,
      Map<String, Map<String, String>> labels) {
    String name;
    Map<String, String> props = new LinkedHashMap<>();
    switch (q.aggregate()) {
      case POOL -> {
        name = c.pool();
        props.put("pool", c.pool());
      }
      case WORKLOAD -> {
        name = c.workload();
        props.put("workload", c.workload());
      }
      case HOST -> {
        name = c.host();
        props.put("host", c.host());
        props.put("pool", c.pool());
      }
      case GPU -> {
        name = c.host() + "/" + c.gpu();
        props.put("host", c.host());
        props.put("gpu", c.gpu());
        props.put("pool", c.pool());
      }
      case LABEL -> {
        String v = labels.getOrDefault(c.workload(), Map.of()).get(q.labelKey());
        name = v == null ? UNALLOCATED : v;
        props.put("label:" + q.labelKey(), name);
      }
      default -> throw new IllegalStateException();
    }
    return entries.computeIfAbsent(name, n -> {
      Entry e = new Entry(n);
      e.properties.putAll(props);
      return e;
    });
  }

  private static Entry idleEntry(Map<String, Entry> entries) {
    return entries.computeIfAbsent(CostRow.IDLE, Entry::new);
  }

  /** Idle shared over every entry of the step by its cost; kept separate if nothing costs. */
  private static void share(List<Cell> idle, List<Entry> targets, Map<String, Entry> entries) {
    long total = 0;
    Entry sum = new Entry(CostRow.IDLE);
    for (Cell c : idle) {
      total += c.cost();
      sum.add(c);
    }
    long[] weights = new long[targets.size()];
    long weight = 0;
    for (int k = 0; k < targets.size(); k++) {
      weights[k] = targets.get(k).totalCost();
      weight += weights[k];
    }
    if (weight == 0) {
      if (!idle.isEmpty()) {
        idle.forEach(c -> idleEntry(entries).add(c));
      }
      return;
    }
    long[] parts = Shares.split(total, weights);
    for (int k = 0; k < targets.size(); k++) {
      targets.get(k).sharedIdleCost += parts[k];
      // The idle hours stay visible where the cost went, in proportion.
      double f = (double) parts[k] / Math.max(1, total);
      targets.get(k).unallocatedHours += sum.unallocatedHours * f;
    }
  }

  /** Each host's idle shared over the workloads that ran on it, by their cost (idleByNode). */
  private static void byHost(List<Cell> idle, List<Cell> own, Map<Cell, Entry> entryOf,
      Map<String, Entry> entries) {
    Map<String, List<Cell>> ownByHost = new HashMap<>();
    for (Cell c : own) {
      ownByHost.computeIfAbsent(c.host(), h -> new ArrayList<>()).add(c);
    }
    Map<String, List<Cell>> idleByHost = new TreeMap<>();
    for (Cell c : idle) {
      idleByHost.computeIfAbsent(c.host(), h -> new ArrayList<>()).add(c);
    }
    idleByHost.forEach((host, cells) -> {
      List<Cell> on = ownByHost.getOrDefault(host, List.of());
      long weight = on.stream().mapToLong(Cell::cost).sum();
      if (weight == 0) {
        cells.forEach(c -> idleEntry(entries).add(c));
        return;
      }
      long total = cells.stream().mapToLong(Cell::cost).sum();
      long[] weights = on.stream().mapToLong(Cell::cost).toArray();
      long[] parts = Shares.split(total, weights);
      for (int k = 0; k < on.size(); k++) {
        entryOf.get(on.get(k)).sharedIdleCost += parts[k];
      }
    });
  }

  private static long integer(InfluxQl.Row r, String column) {
    String t = r.text(column);
    if (t == null) {
      return 0;
    }
    // InfluxDB sums integers as integers; a float text (a 2.x "1e+06") is read through BigDecimal.
    return t.indexOf('.') < 0 && t.indexOf('e') < 0 ? Long.parseLong(t)
        : new BigDecimal(t).longValueExact();
  }

  private static double real(InfluxQl.Row r, String column) {
    double v = r.number(column);
    return Double.isNaN(v) ? 0 : v;
  }

  private static Instant time(String text) {
    // InfluxQL's CSV gives epoch nanoseconds; RFC 3339 in case a server answers that way.
    if (text.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochSecond(0, Long.parseLong(text));
    }
    return Instant.parse(text);
  }
}
