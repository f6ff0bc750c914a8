package dev.fleetscale.procurement.solver;

import dev.fleetscale.contracts.procurement.HardwareCategory;
import dev.fleetscale.procurement.catalog.CloudGpuOffer;
import dev.fleetscale.procurement.catalog.HardwareCatalog;
import dev.fleetscale.procurement.catalog.SiteConstraints;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds the cheapest hardware mix for a requirement and explains it: binding constraints,
 * alternatives with their cost difference, and, when nothing fits, which constraint blocks and by
 * how much. Stateless and thread-safe; every call builds its own programs.
 */
public final class ProcurementSolver {

  /** Average hours in a month (8760 / 12), for turning a horizon in months into hours. */
  public static final double HOURS_PER_MONTH = 730;

  private static final double MONEY_EPSILON = 1e-6;

  private final double horizonHours;
  private final SearchLimits searchLimits;

  /** A solver with {@link SearchLimits#DEFAULT}. */
  public ProcurementSolver(int horizonMonths) {
    this(horizonMonths, SearchLimits.DEFAULT);
  }

  /** @param horizonMonths months over which capex is amortised and TCO is summed, {@code > 0} */
  public ProcurementSolver(int horizonMonths, SearchLimits searchLimits) {
    this.searchLimits = searchLimits;
    if (horizonMonths <= 0) {
      throw new IllegalArgumentException("horizonMonths must be > 0, got " + horizonMonths);
    }
    this.horizonHours = horizonMonths * HOURS_PER_MONTH;
  }

  public double horizonHours() {
    return horizonHours;
  }

  /**
   * Solves a requirement against a catalog.
   *
   * @param today the order date; SKUs whose lead time ends after {@code neededBy} are excluded
   */
  public Solution solve(HardwareCatalog catalog, CapacityRequirement req, LocalDate today) {
    Problem p = new Problem(catalog, req, today, horizonHours, searchLimits);
    long start = System.nanoTime();
    MixProgram program = p.program(p.onTime(), p.limits);
    Optional<Mix> best = program.cheapest();
    double solveMillis = (System.nanoTime() - start) / 1e6;

    if (best.isEmpty()) {
      List<Shortfall> shortfalls = new InfeasibilityAnalysis(p).shortfalls();
      List<AlternativeMix> alternatives = new ArrayList<>();
      cloudInsteadOfBuying(p, null).ifPresent(alternatives::add);
      breakingAlternatives(p, null, 0).forEach(alternatives::add);
      return new Solution(req, false, List.of(), 0, 0, 0, horizonHours, List.of(), List.of(),
          alternatives, shortfalls, program.provenOptimal(), 0, solveMillis, null, null,
          p.basis);
    }
    Mix mix = best.get();
    List<ConstraintReport> reports = constraintReports(p, mix);
    List<String> binding = reports.stream().filter(ConstraintReport::binding)
        .map(ConstraintReport::name).toList();
    GpuValue value = GpuValue.of(mix);
    return new Solution(req, true, lines(mix), mix.costPerHour(), mix.capex(),
        mix.totalCostOfOwnership(horizonHours), horizonHours, reports, binding,
        alternatives(p, mix), List.of(), program.provenOptimal(), program.gap(), solveMillis,
        value.usdPerTflopHour(), value.usdPerGbHour(), p.basis);
  }

  /** Solves only the program, without reports or alternatives: what the benchmark times. */
  public Optional<Mix> cheapestMix(HardwareCatalog catalog, CapacityRequirement req,
      LocalDate today) {
    return cheapestMixWithStatus(catalog, req, today).mix();
  }

  /** The cheapest mix and whether the search proved it optimal within the gap. */
  public MixResult cheapestMixWithStatus(HardwareCatalog catalog, CapacityRequirement req,
      LocalDate today) {
    Problem p = new Problem(catalog, req, today, horizonHours, searchLimits);
    MixProgram program = p.program(p.onTime(), p.limits);
    Optional<Mix> mix = program.cheapest();
    return new MixResult(mix, program.provenOptimal(), program.gap(), program.nodes());
  }

  /** A mix, if any, with the search's proof status and the nodes it took. */
  public record MixResult(Optional<Mix> mix, boolean provenOptimal, double gap, int nodes) {}

  /** The LP relaxation's optimal cost per hour (a lower bound), for comparison and benchmarks. */
  public Optional<Double> relaxedCostPerHour(HardwareCatalog catalog, CapacityRequirement req,
      LocalDate today) {
    Problem p = new Problem(catalog, req, today, horizonHours, searchLimits);
    List<Candidate> cands = p.onTime();
    return new MixProgram(cands, p.demand, p.limits, true, searchLimits).solveRaw().map(x -> {
      double cost = 0;
      for (int i = 0; i < x.length; i++) {
        cost += x[i] * cands.get(i).costPerHour();
      }
      return cost;
    });
  }

  private static List<SolutionLine> lines(Mix mix) {
    return mix.lines().stream().map(SolutionLine::of).toList();
  }

  private List<ConstraintReport> constraintReports(Problem p, Mix mix) {
    List<ConstraintReport> out = new ArrayList<>();
    for (Map.Entry<Resource, Double> d : p.demand.entrySet()) {
      if (d.getValue() <= 0) {
        continue;
      }
      double supplied = mix.supplied(d.getKey());
      double slack = supplied - d.getValue();
      out.add(new ConstraintReport(d.getKey().id(), "demand", d.getKey().unit(), d.getValue(),
          supplied, slack, slack <= MixProgram.TOLERANCE * Math.max(1, d.getValue()), null));
    }
    for (Map.Entry<Limit, Double> l : p.limits.entrySet()) {
      double used = switch (l.getKey()) {
        case POWER -> mix.powerKw();
        case RACK_SPACE -> mix.rackUnits();
        case BUDGET -> mix.capex();
        case LEAD_TIME -> throw new IllegalStateException("lead time is not a numeric limit");
      };
      Map<Limit, Double> without = new EnumMap<>(p.limits);
      without.remove(l.getKey());
      Double saving = savingIfRelaxed(p, mix, p.program(p.onTime(), without).cheapest());
      out.add(new ConstraintReport(l.getKey().id(), "limit", l.getKey().unit(), l.getValue(),
          used, l.getValue() - used, saving != null, saving));
    }
    // Lead time is a limit too: the mix could be cheaper if late SKUs were allowed.
    if (p.onTime().size() < p.all.size()) {
      Double saving = savingIfRelaxed(p, mix, p.program(p.all, p.limits).cheapest());
      int latest = mix.lines().stream().mapToInt(l -> l.candidate().leadTimeDays()).max()
          .orElse(0);
      out.add(new ConstraintReport(Limit.LEAD_TIME.id(), "limit", Limit.LEAD_TIME.unit(),
          p.daysAvailable, latest, p.daysAvailable - latest, saving != null, saving));
    }
    return out;
  }

  private static Double savingIfRelaxed(Problem p, Mix mix, Optional<Mix> relaxed) {
    if (relaxed.isEmpty()) {
      return null;
    }
    double saving = mix.costPerHour() - relaxed.get().costPerHour();
    return saving > MONEY_EPSILON * Math.max(1, mix.costPerHour()) ? saving : null;
  }

  private List<AlternativeMix> alternatives(Problem p, Mix best) {
    double bestTco = best.totalCostOfOwnership(horizonHours);
    List<AlternativeMix> out = new ArrayList<>();
    if (p.demandsGpus()) {
      Set<String> chosenModels = new LinkedHashSet<>();
      best.lines().stream().map(l -> l.candidate().gpuModel()).filter(m -> m != null)
          .forEach(chosenModels::add);
      Set<String> models = new LinkedHashSet<>();
      p.onTime().stream().map(Candidate::gpuModel).filter(m -> m != null).forEach(models::add);
      for (String model : models) {
        if (chosenModels.contains(model)) {
          continue;
        }
        Predicate<Candidate> keep = c -> c.gpuModel() == null || c.gpuModel().equals(model);
        p.program(p.onTime().stream().filter(keep).toList(), p.limits).cheapest()
            .ifPresent(m -> out.add(alternative("best mix with " + model + " GPUs", m, bestTco,
                "cheapest mix whose servers all carry " + model)));
      }
    }
    for (Acquisition only : Acquisition.values()) {
      boolean usesOther = best.lines().stream()
          .anyMatch(l -> l.candidate().acquisition() != only);
      if (!usesOther) {
        continue;
      }
      List<Candidate> restricted = p.onTime().stream()
          .filter(c -> c.acquisition() == only).toList();
      p.program(restricted, p.limits).cheapest().ifPresent(m -> out.add(alternative(
          (only == Acquisition.BUY ? "buy" : "lease") + " everything", m, bestTco,
          "every unit " + (only == Acquisition.BUY ? "bought" : "leased"))));
    }
    bridgeWithCloud(p, bestTco).ifPresent(out::add);
    cloudInsteadOfBuying(p, best).ifPresent(out::add);
    out.addAll(breakingAlternatives(p, best, bestTco));
    out.sort(Comparator.comparingDouble(AlternativeMix::deltaVsProposed));
    return out;
  }

  private AlternativeMix alternative(String name, Mix m, double bestTco, String note) {
    return alternative(name, m, bestTco, note, List.of());
  }

  private AlternativeMix alternative(String name, Mix m, double bestTco, String note,
      List<String> breaks) {
    double tco = m.totalCostOfOwnership(horizonHours);
    GpuValue v = GpuValue.of(m);
    return new AlternativeMix(name, lines(m), m.costPerHour(), m.capex(), tco, tco - bestTco,
        note + (v.tflops() > 0 ? "; " + v.describe() : ""), v.usdPerTflopHour(),
        v.usdPerGbHour(), breaks);
  }

  /**
   * For each GPU model whose servers break a per-GPU requirement: the cheapest mix with that
   * model in place of the eligible ones, shown only as an alternative that names what it breaks,
   * so a cheaper class is visible but never proposed.
   */
  private List<AlternativeMix> breakingAlternatives(Problem p, Mix best, double bestTco) {
    List<AlternativeMix> out = new ArrayList<>();
    if (!p.demandsGpus()) {
      return out;
    }
    Map<String, List<Candidate>> byModel = new java.util.LinkedHashMap<>();
    for (Candidate c : p.breaking.keySet()) {
      if (c.leadTimeDays() <= p.daysAvailable) {
        byModel.computeIfAbsent(c.gpuModel(), k -> new ArrayList<>()).add(c);
      }
    }
    List<Candidate> nonGpu = p.onTime().stream().filter(c -> c.gpuModel() == null).toList();
    for (Map.Entry<String, List<Candidate>> e : byModel.entrySet()) {
      List<Candidate> cands = new ArrayList<>(nonGpu);
      cands.addAll(e.getValue());
      List<String> breaks = p.breaking.get(e.getValue().get(0));
      p.program(cands, p.limits).cheapest().ifPresent(m -> out.add(alternative(
          "best mix with " + e.getKey() + " GPUs (breaks " + breaks.size()
              + (breaks.size() == 1 ? " requirement)" : " requirements)"), m,
          best == null ? 0 : bestTco,
          "not proposed: " + String.join("; ", breaks), breaks)));
    }
    return out;
  }

  /**
   * Allow SKUs that arrive after the needed-by date and rent cloud GPUs for the late servers'
   * GPUs until they arrive. Only offered when the late SKUs make the mix cheaper.
   */
  private Optional<AlternativeMix> bridgeWithCloud(Problem p, double bestTco) {
    if (p.onTime().size() == p.all.size() || p.catalog.cloud().isEmpty()) {
      return Optional.empty();
    }
    Optional<Mix> unconstrained = p.program(p.all, p.limits).cheapest();
    if (unconstrained.isEmpty()) {
      return Optional.empty();
    }
    Mix m = unconstrained.get();
    double bridge = 0;
    List<String> notes = new ArrayList<>();
    for (MixLine l : m.lines()) {
      int lateDays = l.candidate().leadTimeDays() - p.daysAvailable;
      if (lateDays <= 0) {
        continue;
      }
      if (l.candidate().category() != HardwareCategory.COMPUTE) {
        notes.add(l.candidate().sku() + " arrives " + lateDays + " days late and has no cloud"
            + " stand-in");
        continue;
      }
      Optional<CloudGpuOffer> offer = cloudStandIn(p, l.candidate().gpuModel());
      if (offer.isEmpty()) {
        return Optional.empty();
      }
      int gpus = (int) Math.round(l.candidate().supplies(Resource.GPU_COUNT)) * l.quantity();
      bridge += gpus * offer.get().usdPerGpuHour() * lateDays * 24.0;
      notes.add(gpus + " " + offer.get().sku() + " GPUs for " + lateDays + " days");
    }
    if (bridge == 0) {
      return Optional.empty();
    }
    double tco = m.totalCostOfOwnership(horizonHours) + bridge;
    GpuValue v = GpuValue.of(m);
    return Optional.of(new AlternativeMix("rent cloud GPUs until delivery", lines(m),
        m.costPerHour(), m.capex(), tco, tco - bestTco,
        String.format(Locale.ROOT, "includes %.2f USD of cloud rental: %s; %s", bridge,
            String.join("; ", notes), v.describe()), v.usdPerTflopHour(), v.usdPerGbHour(),
        List.of()));
  }

  private static Optional<CloudGpuOffer> cloudStandIn(Problem p, String model) {
    List<CloudGpuOffer> eligible = p.eligibleCloud();
    return eligible.stream().filter(o -> o.gpuModel().equals(model))
        .min(Comparator.comparingDouble(CloudGpuOffer::usdPerGpuHour))
        .or(() -> eligible.stream()
            .min(Comparator.comparingDouble(CloudGpuOffer::usdPerGpuHour)));
  }

  /**
   * Rent every GPU in the cloud for the whole horizon; storage and network are priced as in the
   * proposed mix (the cloud offer covers GPUs only).
   */
  private Optional<AlternativeMix> cloudInsteadOfBuying(Problem p, Mix best) {
    if (!p.demandsGpus()) {
      return Optional.empty();
    }
    CapacityRequirement req = p.req;
    CloudGpuOffer cheapest = null;
    double cheapestCost = Double.POSITIVE_INFINITY;
    int cheapestGpus = 0;
    for (CloudGpuOffer o : p.eligibleCloud()) {
      if (req.gpuModel() != null && !req.gpuModel().equals(o.gpuModel())) {
        continue;
      }
      int gpus = (int) Math.max(Math.ceil(p.demand.get(Resource.GPU_COUNT) - MixProgram.TOLERANCE),
          Math.max(
          Math.ceil(p.demand.get(Resource.GPU_MEMORY) / o.gpuMemoryGb() - MixProgram.TOLERANCE),
          Math.ceil(p.demand.get(Resource.GPU_COMPUTE) / o.bf16Tflops() - MixProgram.TOLERANCE)));
      double cost = gpus * o.usdPerGpuHour();
      if (cost < cheapestCost) {
        cheapest = o;
        cheapestCost = cost;
        cheapestGpus = gpus;
      }
    }
    if (cheapest == null) {
      return Optional.empty();
    }
    List<MixLine> rest = best == null ? List.of() : best.lines().stream()
        .filter(l -> l.candidate().category() != HardwareCategory.COMPUTE).toList();
    Mix restMix = Mix.of(rest);
    double perHour = cheapestCost + restMix.costPerHour();
    double tco = perHour * horizonHours;
    List<SolutionLine> lines = new ArrayList<>();
    lines.add(new SolutionLine(cheapest.sku(), HardwareCategory.CLOUD_RENTAL,
        cheapest.gpuModel(), Acquisition.LEASE, cheapestGpus, null, cheapest.usdPerGpuHour(), 0));
    lines.addAll(lines(restMix));
    double bestTco = best == null ? 0 : best.totalCostOfOwnership(horizonHours);
    GpuValue v = new GpuValue(cheapestCost, cheapestGpus * cheapest.bf16Tflops(),
        cheapestGpus * cheapest.gpuMemoryGb());
    return Optional.of(new AlternativeMix("rent in the cloud instead of buying", lines, perHour,
        restMix.capex(), tco, tco - bestTco,
        (best == null
            ? "cloud GPUs only; storage and network not included; outside the site's limits"
            : "cloud GPUs for the whole horizon, storage and network as proposed")
            + (p.req.unitRequirement().restrictsNothing() ? ""
                : "; the offer's NVLink and fabric are not stated in the catalog")
            + "; " + v.describe(), v.usdPerTflopHour(), v.usdPerGbHour(), List.of()));
  }

  /** One requirement against one catalog: candidates, demand, limits, lead-time window. */
  static final class Problem {
    final HardwareCatalog catalog;
    final CapacityRequirement req;
    final List<Candidate> all;
    final Map<Resource, Double> demand;
    final Map<Limit, Double> limits = new EnumMap<>(Limit.class);
    final int daysAvailable;
    final SearchLimits searchLimits;
    /** Servers left out for breaking a per-GPU requirement, with what each breaks. */
    final Map<Candidate, List<String>> breaking = new java.util.LinkedHashMap<>();
    /** How the requirement became {@link #demand}, step by step. */
    final List<String> basis = new ArrayList<>();
    private final List<Candidate> onTime;

    Problem(HardwareCatalog catalog, CapacityRequirement req, LocalDate today,
        double horizonHours, SearchLimits searchLimits) {
      this.searchLimits = searchLimits;
      this.catalog = catalog;
      this.req = req;
      UnitRequirement unit = req.unitRequirement();
      List<Candidate> allowed = new ArrayList<>();
      for (Candidate c : Candidate.from(catalog, horizonHours)) {
        if (req.gpuModel() != null && c.gpuModel() != null
            && !c.gpuModel().equals(req.gpuModel())) {
          continue;
        }
        List<String> breaks = c.server() == null ? List.of() : unit.breaches(c.server());
        if (breaks.isEmpty()) {
          allowed.add(c);
        } else {
          breaking.put(c, breaks);
        }
      }
      this.all = List.copyOf(allowed);
      this.demand = new UnitEquivalents(catalog, req).demand(basis);
      unit.sources().forEach((field, source) -> basis.add(field + " from " + source));
      java.util.Set<String> leftOut = new java.util.LinkedHashSet<>();
      breaking.forEach((c, b) -> leftOut.add(c.sku() + " (" + String.join("; ", b) + ")"));
      if (!leftOut.isEmpty()) {
        basis.add("left out for breaking a per-GPU requirement: " + String.join(", ", leftOut));
      }
      this.daysAvailable = (int) ChronoUnit.DAYS.between(today, req.neededBy());
      Optional<SiteConstraints> site = catalog.siteFor(req.pool());
      site.ifPresent(s -> {
        limits.put(Limit.POWER, s.powerBudgetKw());
        limits.put(Limit.RACK_SPACE, (double) s.rackUnitsFree());
        limits.put(Limit.BUDGET, s.budgetCeilingUsd());
      });
      this.onTime = all.stream().filter(c -> c.leadTimeDays() <= daysAvailable).toList();
    }

    List<Candidate> onTime() {
      return onTime;
    }

    /** Cloud offers that meet the per-GPU requirements the catalog states for them. */
    List<CloudGpuOffer> eligibleCloud() {
      UnitRequirement u = req.unitRequirement();
      return catalog.cloud().stream()
          .filter(o -> u.acceptedGpuModels().isEmpty()
              || GpuModels.matchesAny(o.gpuModel(), u.acceptedGpuModels()))
          .filter(o -> u.minMemoryGb() == null
              || o.gpuMemoryGb() >= u.minMemoryGb() * (1 - MixProgram.TOLERANCE))
          .filter(o -> u.minBf16Tflops() == null
              || o.bf16Tflops() >= u.minBf16Tflops() * (1 - MixProgram.TOLERANCE))
          .toList();
    }

    boolean demandsGpus() {
      return demand.get(Resource.GPU_COUNT) > 0 || demand.get(Resource.GPU_MEMORY) > 0
          || demand.get(Resource.GPU_COMPUTE) > 0;
    }

    MixProgram program(List<Candidate> candidates, Map<Limit, Double> limits) {
      return new MixProgram(candidates, demand, limits, false, searchLimits);
    }
  }
}
