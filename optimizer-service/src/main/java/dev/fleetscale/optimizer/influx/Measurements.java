package dev.fleetscale.optimizer.influx;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.rebalance.GoalResult;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.optimizer.pool.PoolWindow;
import dev.fleetscale.optimizer.pool.ResourceUse;
import dev.fleetscale.optimizer.rollup.HostWindows;
import dev.fleetscale.optimizer.rollup.RollupMetric;
import dev.fleetscale.optimizer.rollup.Stat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every InfluxDB point the optimizer writes; docs/influxdb-schema.md is the reader's copy of this
 * file. Rules (docs/architecture.md): one fixed tag set per measurement, no name both tag and field, and the
 * timestamp is the window end (or decision time), so writing the same window twice writes the
 * same point. Stateless.
 */
public final class Measurements {

  public static final String GPU_ROLLUP = "gpu_rollup";
  public static final String HOST_ROLLUP = "host_rollup";
  public static final String POOL_ROLLUP = "pool_rollup";
  public static final String AUTOSCALE = "autoscale_decision";
  public static final String REBALANCE = "rebalance_plan";
  public static final String REBALANCE_GOAL = "rebalance_goal";
  public static final String CAPACITY_DEMAND = "capacity_demand";
  public static final String HOST_SAMPLE = "host_sample";

  private Measurements() {}

  private static void addStats(Point p, Map<RollupMetric, Stat.Summary> stats) {
    stats.forEach((m, s) -> p.addField(m.field() + "_mean", s.mean())
        .addField(m.field() + "_max", s.max())
        .addField(m.field() + "_p95", s.p95()));
  }

  private static void addStats(LineProtocol p, Map<RollupMetric, Stat.Summary> stats) {
    stats.forEach((m, s) -> p.field(m.meanField(), s.mean())
        .field(m.maxField(), s.max())
        .field(m.p95Field(), s.p95()));
  }

  /**
   * Line-protocol lines (timestamps in ms) of a closed host window: one host_rollup and one
   * gpu_rollup per GPU. Lines rather than {@link Point}s because this is the ingest hot path
   * (see {@link LineProtocol}); the points are the same.
   */
  public static List<String> hostWindow(HostWindows.Closed w) {
    List<String> lines = new ArrayList<>(1 + w.gpus().size());
    var last = w.last();
    LineProtocol host = LineProtocol.measurement(HOST_ROLLUP)
        .tag("cluster", last.cluster())
        .tag("pool", last.pool())
        .tag("host", last.hostId())
        .tag("window", w.size().tag())
        .field("samples", (long) w.samples());
    addStats(host, w.host());
    lines.add(host.toLine(w.end()));
    w.gpus().forEach((index, stats) -> {
      LineProtocol gpu = LineProtocol.measurement(GPU_ROLLUP)
          .tag("cluster", last.cluster())
          .tag("pool", last.pool())
          .tag("host", last.hostId())
          .tag("gpu", Integer.toString(index))
          .tag("window", w.size().tag());
      addStats(gpu, stats);
      addHealth(gpu, last, index, w.xids().get(index));
      if (gpu.hasFields()) {
        lines.add(gpu.toLine(w.end()));
      }
    });
    return lines;
  }

  /**
   * A GPU's health at the end of the window (its last sample: the ECC and remapped-row values are
   * counters and states, so the last is the current one) and the window's Xid errors. Each field
   * only when the agent reported it; {@code xid_count} 0 only when the agent watches Xids.
   */
  private static void addHealth(LineProtocol gpu,
      dev.fleetscale.contracts.telemetry.HostSample last, int index, HostWindows.Xids xids) {
    for (var g : last.gpus()) {
      if (g.index() != index) {
        continue;
      }
      gpu.field("health", g.health().name());
      if (g.eccVolatileCorrectedTotal() != null) {
        gpu.field("ecc_corrected_total", (long) g.eccVolatileCorrectedTotal());
      }
      if (g.eccVolatileUncorrectedTotal() != null) {
        gpu.field("ecc_uncorrected_total", (long) g.eccVolatileUncorrectedTotal());
      }
      if (g.remappedRowsCorrectable() != null) {
        gpu.field("remapped_rows_correctable", (long) g.remappedRowsCorrectable());
      }
      if (g.remappedRowsUncorrectable() != null) {
        gpu.field("remapped_rows_uncorrectable", (long) g.remappedRowsUncorrectable());
      }
      if (g.remappedRowsPending() != null) {
        gpu.field("remapped_rows_pending", (boolean) g.remappedRowsPending());
      }
      if (g.remappedRowsFailure() != null) {
        gpu.field("remapped_rows_failure", (boolean) g.remappedRowsFailure());
      }
      if (g.clocksEventReasons() != null) {
        gpu.field("clocks_event_reasons", (long) g.clocksEventReasons());
      }
      if (xids != null) {
        gpu.field("xid_count", xids.count()).field("xid_last", xids.last());
      } else if (g.xids() != null) {
        gpu.field("xid_count", 0L);
      }
    }
  }

  /** Raw per-GPU points of one sample (optional, {@code influx.writeRawSamples}). */
  public static Point rawSample(dev.fleetscale.contracts.telemetry.HostSample sample) {
    Point p = Point.measurement(HOST_SAMPLE)
        .addTag("cluster", sample.cluster())
        .addTag("pool", sample.pool())
        .addTag("host", sample.hostId())
        .addField("sequence", sample.sequence())
        .addField("gpus", sample.gpus().size())
        .time(sample.timestamp(), WritePrecision.MS);
    for (var g : sample.gpus()) {
      String prefix = "gpu" + g.index() + "_";
      if (g.gpuUtilizationPercent() != null) {
        p.addField(prefix + "util_pct", g.gpuUtilizationPercent());
      }
      if (g.powerUsageWatts() != null) {
        p.addField(prefix + "power_w", g.powerUsageWatts());
      }
      if (g.temperatureC() != null) {
        p.addField(prefix + "temperature_c", g.temperatureC());
      }
    }
    return p;
  }

  /**
   * The pool_rollup point of a closed pool window. Each resource's demand and capacity are float
   * fields, written only when known (GPU_COUNT's are the integer {@code busy_gpus} and {@code
   * gpus}); {@link #demandField} names the demand fields the forecaster's history is read from.
   */
  public static Point poolWindow(PoolWindow w) {
    Point p = Point.measurement(POOL_ROLLUP)
        .addTag("cluster", w.cluster())
        .addTag("pool", w.pool())
        .addTag("window", w.size().tag())
        .addField("hosts", w.hosts())
        .addField("members", w.membership().size())
        .addField("gpus", w.gpus())
        .addField("busy_gpus", w.busyGpus())
        .time(w.end(), WritePrecision.MS);
    addStats(p, w.metrics());
    ResourceUse memory = w.resources().get(CapacityResource.GPU_MEMORY_BYTES);
    if (memory != null) {
      p.addField("gpu_memory_used_bytes", memory.demand())
          .addField("gpu_memory_total_bytes", memory.capacity());
    }
    ResourceUse space = w.resources().get(CapacityResource.SSD_CAPACITY_BYTES);
    if (space != null) {
      p.addField("ssd_used_bytes", space.demand())
          .addField("ssd_capacity_bytes", space.capacity());
    }
    ResourceUse io = w.resources().get(CapacityResource.SSD_BANDWIDTH_BYTES_PER_SECOND);
    if (io != null) {
      p.addField("ssd_io_bytes_per_second", io.demand())
          .addField("ssd_io_capacity_bytes_per_second", io.capacity());
    }
    ResourceUse nic = w.resources().get(CapacityResource.NIC_BANDWIDTH_BITS_PER_SECOND);
    if (nic != null) {
      p.addField("nic_bits_per_second", nic.demand())
          .addField("nic_link_bits_per_second", nic.capacity());
    }
    return p;
  }

  /** The pool_rollup field holding a resource's demand (see {@link #poolWindow}). */
  public static String demandField(CapacityResource resource) {
    return switch (resource) {
      case GPU_COUNT -> "busy_gpus";
      case GPU_MEMORY_BYTES -> "gpu_memory_used_bytes";
      case SSD_CAPACITY_BYTES -> "ssd_used_bytes";
      case SSD_BANDWIDTH_BYTES_PER_SECOND -> "ssd_io_bytes_per_second";
      case NIC_BANDWIDTH_BITS_PER_SECOND -> "nic_bits_per_second";
    };
  }

  public static Point autoscale(AutoscaleDecision d) {
    return Point.measurement(AUTOSCALE)
        .addTag("pool", d.pool())
        .addField("decision_id", d.decisionId())
        .addField("mode", d.mode().name())
        .addField("metric", d.metric())
        .addField("current_replicas", d.currentReplicas())
        .addField("desired_replicas", d.desiredReplicas())
        .addField("raw_recommendation",
            d.inputs().getOrDefault("raw_recommendation", (double) d.desiredReplicas()).intValue())
        .addField("observed", d.observedValue())
        .addField("target", d.targetValue())
        .addField("reason", d.reason())
        .addField("limits_applied", String.join(",", d.limitsApplied()))
        .time(d.decidedAt(), WritePrecision.MS);
  }

  public static List<Point> rebalance(RebalancePlan plan) {
    List<Point> points = new ArrayList<>();
    points.add(Point.measurement(REBALANCE)
        .addTag("pool", plan.pool())
        .addField("plan_id", plan.planId())
        .addField("moves", plan.moves().size())
        .addField("score_before", plan.scoreBefore())
        .addField("score_after", plan.scoreAfter())
        .addField("infeasible_goals", plan.infeasibleHardGoals().size())
        .time(plan.plannedAt(), WritePrecision.MS));
    for (GoalResult g : plan.goals()) {
      points.add(Point.measurement(REBALANCE_GOAL)
          .addTag("pool", plan.pool())
          .addTag("goal", g.goal())
          .addField("hard", g.hard())
          .addField("satisfied", g.satisfied())
          .addField("duration_us", g.durationMicros())
          .time(plan.plannedAt(), WritePrecision.MS));
    }
    return points;
  }

  public static Point capacityDemand(CapacityDemand d) {
    Point p = Point.measurement(CAPACITY_DEMAND)
        .addTag("pool", d.pool())
        .addTag("resource", d.resource().name())
        .addField("demand_id", d.demandId())
        .addField("forecast_peak", d.forecastPeak())
        .addField("capacity", d.capacity())
        .addField("target_utilization", d.targetUtilization())
        .addField("shortfall", d.shortfall())
        .addField("needed_by", d.neededBy().toString())
        .addField("fit_error", d.evidence().fitError())
        .addField("model", d.evidence().model())
        .time(d.raisedAt(), WritePrecision.MS);
    if (d.predictionLow() != null) {
      p.addField("prediction_low", d.predictionLow());
    }
    if (d.predictionHigh() != null) {
      p.addField("prediction_high", d.predictionHigh());
    }
    if (d.supersedes() != null) {
      p.addField("supersedes", d.supersedes());
    }
    return p;
  }
}
