package dev.fleetscale.optimizer.config;

import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.optimizer.autoscale.ScalingBehavior;
import dev.fleetscale.optimizer.autoscale.ScalingPolicy;
import dev.fleetscale.optimizer.autoscale.ScalingRule;
import dev.fleetscale.optimizer.rebalance.PlannerSettings;
import dev.fleetscale.runtime.config.ConfigException;
import dev.fleetscale.runtime.config.SecretSettings;
import dev.fleetscale.runtime.kafka.KafkaSettings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The optimizer's configuration, mapped once from {@code optimizer.defaults.yaml} (+ file + env)
 * and validated; every message names the key. Immutable.
 *
 * @param kafkaClient what every Kafka client is built from (bootstrap, the operator's properties)
 * @param groupId the host stage's consumer group; the pool stage's is {@code groupId + "-pools"}
 * @param poolSummariesTopic the internal topic
 * @param pollTimeout longest wait of one poll
 * @param maxPollRecords records per batch
 * @param influx InfluxDB connection
 * @param grace pool window lateness allowance
 * @param membershipHorizon how long a host that stopped reporting still belongs to its pool (and
 *     how long a pool taken on without history is watched before it is decided on)
 * @param scaling the autoscaling policy applied to every pool
 * @param replicaUnit HOSTS or WORKLOADS
 * @param predictiveHistory how far back the predictive ramp looks
 * @param rebalanceEvery planning period (event time)
 * @param planner planner limits
 * @param goals goal parameters
 * @param forecast capacity forecast parameters
 * @param httpHost HTTP bind address
 * @param httpPort HTTP port (0: any free port)
 * @param cost cost allocation (docs/cost.md)
 * @param serviceToken the gateway's shared token the read API requires; none when empty
 */
public record OptimizerConfig(
    KafkaClientSettings kafkaClient,
    String groupId,
    String poolSummariesTopic,
    Duration pollTimeout,
    int maxPollRecords,
    Influx influx,
    Duration grace,
    Duration membershipHorizon,
    ScalingPolicy scaling,
    ReplicaUnit replicaUnit,
    Duration predictiveHistory,
    Duration rebalanceEvery,
    PlannerSettings planner,
    Goals goals,
    Forecast forecast,
    String httpHost,
    int httpPort,
    dev.fleetscale.optimizer.cost.CostSettings cost,
    ServiceToken serviceToken) {


  /** The read API's service token, a secret: its toString never shows it. */
  public record ServiceToken(String value) {
    public boolean configured() {
      return value != null && !value.isEmpty();
    }

    @Override
    public String toString() {
      return configured() ? "ServiceToken[***]" : "ServiceToken[none]";
    }
  }

  /** What the autoscaler counts as a replica. */
  public enum ReplicaUnit {
    HOSTS,
    WORKLOADS
  }

  /** InfluxDB connection; {@code token} is a secret and never logged. */
  public record Influx(String url, String org, String bucket, char[] token,
      boolean writeRawSamples) {
    @Override
    public String toString() {
      return "Influx[url=" + url + ", org=" + org + ", bucket=" + bucket + ", token=***]";
    }
  }

  /** Rebalance goal parameters. */
  public record Goals(double utilizationBand, double powerHeadroom, int hotCelsius,
      double ioBand, double costPerMove, double pointsPerHostFreed, List<String> order) {

    public Goals {
      order = List.copyOf(order);
    }

    /** The default goals in their default order, consolidation off. */
    public Goals(double utilizationBand, double powerHeadroom, int hotCelsius, double ioBand,
        double costPerMove) {
      this(utilizationBand, powerHeadroom, hotCelsius, ioBand, costPerMove, 0,
          dev.fleetscale.optimizer.rebalance.GoalCatalog.DEFAULT_ORDER);
    }

    public dev.fleetscale.optimizer.rebalance.GoalCatalog catalog() {
      return new dev.fleetscale.optimizer.rebalance.GoalCatalog(utilizationBand, powerHeadroom,
          hotCelsius, ioBand, costPerMove, pointsPerHostFreed);
    }
  }

  /**
   * Capacity forecast parameters.
   *
   * @param leadDays procurement lead time, days
   * @param targetUtilization fraction of capacity a pool may run at, (0, 1]
   * @param sameShortfallSlack relative shortfall change that still counts as the same demand
   * @param sameNeededBySlackDays needed-by change that still counts as the same demand, days
   * @param ssdBandwidthBytesPerSecondPerDevice read + write bandwidth one disk is good for, bytes
   *     per second: the SSD bandwidth capacity (telemetry carries none)
   * @param ssdBandwidthByPool per-pool overrides of the bandwidth per disk, bytes per second
   */
  public record Forecast(int leadDays, double targetUtilization, double sameShortfallSlack,
      int sameNeededBySlackDays, double ssdBandwidthBytesPerSecondPerDevice,
      Map<String, Double> ssdBandwidthByPool) {

    public Forecast {
      ssdBandwidthByPool = Map.copyOf(ssdBandwidthByPool);
    }

    /** The SSD bandwidth per disk of {@code pool}, bytes per second. */
    public double ssdBandwidthPerDevice(String pool) {
      return ssdBandwidthByPool.getOrDefault(pool, ssdBandwidthBytesPerSecondPerDevice);
    }
  }

  public static OptimizerConfig from(JsonObject c) {
    JsonObject kafka = c.getJsonObject("kafka");
    KafkaClientSettings client = KafkaSettings.from(kafka);
    JsonObject influx = c.getJsonObject("influx");
    JsonObject windows = c.getJsonObject("windows");
    JsonObject a = c.getJsonObject("autoscale");
    JsonObject r = c.getJsonObject("rebalance");
    JsonObject f = c.getJsonObject("forecast");
    JsonObject http = c.getJsonObject("http");

    String url = nonBlank(influx, "influx.url", "url");
    ScalingPolicy scaling;
    try {
      scaling = new ScalingPolicy(
          nonBlank(a, "autoscale.metric", "metric"),
          positive(a.getDouble("target"), "autoscale.target"),
          a.getDouble("tolerance"),
          a.getInteger("minReplicas"),
          a.getInteger("maxReplicas"),
          new ScalingBehavior(seconds(a, "autoscale", "scaleUpStabilizationSeconds"),
              ScalingBehavior.Select.MAX, List.of(
                  ScalingRule.percent(a.getInteger("scaleUpPercent"),
                      seconds(a, "autoscale", "scaleUpPeriodSeconds")),
                  ScalingRule.pods(a.getInteger("scaleUpPods"),
                      seconds(a, "autoscale", "scaleUpPeriodSeconds")))),
          new ScalingBehavior(seconds(a, "autoscale", "scaleDownStabilizationSeconds"),
              ScalingBehavior.Select.MAX, List.of(
                  ScalingRule.percent(a.getInteger("scaleDownPercent"),
                      seconds(a, "autoscale", "scaleDownPeriodSeconds")))),
          seconds(a, "autoscale", "cooldownSeconds"),
          seconds(a, "autoscale", "predictiveLeadSeconds"),
          positive(a.getDouble("predictiveQuantile"), "autoscale.predictiveQuantile"),
          seconds(a, "autoscale", "drainSeconds"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("autoscale: " + e.getMessage());
    }
    ReplicaUnit unit;
    try {
      unit = ReplicaUnit.valueOf(a.getString("replicas"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigException("autoscale.replicas: must be HOSTS or WORKLOADS, was "
          + a.getString("replicas"));
    }
    PlannerSettings planner;
    try {
      planner = new PlannerSettings(r.getDouble("minImprovement"),
          r.getInteger("maxMovesPerPlan"), r.getInteger("maxMovesPerHost"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("rebalance: " + e.getMessage());
    }
    int leadDays = f.getInteger("leadDays");
    if (leadDays < 1) {
      throw new ConfigException("forecast.leadDays: must be >= 1, was " + leadDays);
    }
    double targetUtilization = f.getDouble("targetUtilization");
    if (!(targetUtilization > 0 && targetUtilization <= 1)) {
      throw new ConfigException("forecast.targetUtilization: must be in (0, 1], was "
          + targetUtilization);
    }
    double ssdBandwidth = positive(f.getDouble("ssdBandwidthBytesPerSecondPerDevice"),
        "forecast.ssdBandwidthBytesPerSecondPerDevice");
    Map<String, Double> ssdBandwidthByPool = new java.util.TreeMap<>();
    JsonObject byPool = f.getJsonObject("ssdBandwidthByPool", new JsonObject());
    for (String pool : byPool.fieldNames()) {
      Object value = byPool.getValue(pool);
      ssdBandwidthByPool.put(pool, positive(value instanceof Number n ? n : null,
          "forecast.ssdBandwidthByPool." + pool));
    }
    int port = http.getInteger("port");
    if (port < 0 || port > 65535) {
      throw new ConfigException("http.port: must be 0-65535, was " + port);
    }
    return new OptimizerConfig(
        client,
        nonBlank(kafka, "kafka.groupId", "groupId"),
        nonBlank(kafka, "kafka.poolSummariesTopic", "poolSummariesTopic"),
        Duration.ofMillis((long) positive(kafka.getInteger("pollTimeoutMs"), "kafka.pollTimeoutMs")),
        (int) positive(kafka.getInteger("maxPollRecords"), "kafka.maxPollRecords"),
        new Influx(url, influx.getString("org"), nonBlank(influx, "influx.bucket", "bucket"),
            SecretSettings.valueOrFile(influx, "influx", "token").toCharArray(),
            influx.getBoolean("writeRawSamples")),
        Duration.ofMillis(nonNegative(windows.getInteger("graceMs"), "windows.graceMs")),
        membershipHorizon(windows),
        scaling,
        unit,
        seconds(a, "autoscale", "predictiveHistorySeconds"),
        Duration.ofSeconds((long) positive(r.getInteger("everySeconds"), "rebalance.everySeconds")),
        planner,
        goals(r),
        new Forecast(leadDays, targetUtilization, f.getDouble("sameShortfallSlack"),
            f.getInteger("sameNeededBySlackDays"), ssdBandwidth, ssdBandwidthByPool),
        nonBlank(http, "http.host", "host"),
        port,
        dev.fleetscale.optimizer.cost.CostSettings.from(c.getJsonObject("cost")),
        new ServiceToken(http.getString("serviceToken", "")));
  }

  /** The planner's goals: parameters, and their names in priority order (checked here). */
  private static Goals goals(JsonObject r) {
    List<String> order = dev.fleetscale.optimizer.rebalance.GoalCatalog.DEFAULT_ORDER;
    io.vertx.core.json.JsonArray names = r.getJsonArray("goals");
    if (names != null) {
      order = new java.util.ArrayList<>();
      for (Object name : names) {
        if (!(name instanceof String n) || n.isBlank()) {
          throw new ConfigException("rebalance.goals: each entry must be a goal name, was " + name);
        }
        order.add(n);
      }
    }
    double pointsPerHost = r.getDouble("pointsPerHostFreed", 0.0);
    if (pointsPerHost < 0) {
      throw new ConfigException("rebalance.pointsPerHostFreed: must be >= 0, was "
          + pointsPerHost);
    }
    Goals goals = new Goals(r.getDouble("utilizationBandPercent"), r.getDouble("powerHeadroom"),
        r.getInteger("hotCelsius"), r.getDouble("ioBandPercent"), r.getDouble("costPerMove"),
        pointsPerHost, order);
    try {
      goals.catalog().goals(goals.order());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    return goals;
  }

  /** At least one 10 s window: a shorter horizon would drop a member between two windows. */
  private static Duration membershipHorizon(JsonObject windows) {
    Number value = windows.getNumber("membershipHorizonMs");
    if (value == null || value.longValue() < 10_000) {
      throw new ConfigException("windows.membershipHorizonMs: must be >= 10000 (one 10 s window),"
          + " was " + value);
    }
    return Duration.ofMillis(value.longValue());
  }

  private static Duration seconds(JsonObject section, String name, String key) {
    return Duration.ofSeconds(nonNegative(section.getInteger(key), name + "." + key));
  }

  private static String nonBlank(JsonObject section, String path, String key) {
    String value = section.getString(key);
    if (value == null || value.isBlank()) {
      throw new ConfigException(path + ": must not be empty");
    }
    return value;
  }

  private static double positive(Number value, String path) {
    if (value == null || !(value.doubleValue() > 0)) {
      throw new ConfigException(path + ": must be > 0, was " + value);
    }
    return value.doubleValue();
  }

  private static long nonNegative(Number value, String path) {
    if (value == null || value.longValue() < 0) {
      throw new ConfigException(path + ": must be >= 0, was " + value);
    }
    return value.longValue();
  }
}
