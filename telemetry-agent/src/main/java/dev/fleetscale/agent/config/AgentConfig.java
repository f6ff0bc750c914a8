package dev.fleetscale.agent.config;

import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.agent.publish.ProducerSettings;
import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.runtime.config.ConfigException;
import dev.fleetscale.runtime.config.ServiceConfig;
import dev.fleetscale.runtime.kafka.KafkaSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The agent's configuration, read once at start from {@code agent.defaults.yaml}, the operator's
 * file and {@code FLEETSCALE_*} environment variables (see {@link ServiceConfig}), validated, and
 * immutable from then on. A bad value fails the start with a {@link ConfigException} that names
 * the key.
 *
 * @param hostId the Kafka record key and sample host id
 * @param cluster cluster name
 * @param pool pool name
 * @param labels static host labels, may be empty
 * @param intervalMs sampling interval, milliseconds
 * @param kafka producer client properties (bootstrap servers and pass-through properties)
 * @param deliveryTimeoutMs longest one send may take, milliseconds
 * @param spoolDir the spool folder
 * @param spoolMaxBytes most disk the spool may use, bytes
 * @param httpHost the address /health and /metrics listen on
 * @param httpPort their port; 0 picks a free one (tests)
 * @param nvmlLibrary path or name of libnvidia-ml; null for the system's
 * @param kernel where /proc and /sys are
 * @param hostRoot where the host's root filesystem is visible
 * @param mountsFile the mount table
 * @param diskExclude block devices not sampled
 * @param diskMaxBytesPerSecond what one disk can read (or write) per second: disk rates above it
 *     are clamped
 * @param nicExclude interfaces not sampled
 * @param filesystemTypes filesystem types reported
 */
public record AgentConfig(
    String hostId,
    String cluster,
    String pool,
    Map<String, String> labels,
    long intervalMs,
    KafkaClientSettings kafka,
    int deliveryTimeoutMs,
    Path spoolDir,
    long spoolMaxBytes,
    String httpHost,
    int httpPort,
    String nvmlLibrary,
    KernelPaths kernel,
    Path hostRoot,
    Path mountsFile,
    Pattern diskExclude,
    double diskMaxBytesPerSecond,
    Pattern nicExclude,
    Set<String> filesystemTypes) {

  /** The service name: defaults come from {@code agent.defaults.yaml}. */
  public static final String SERVICE = "agent";

  /** Smallest spool that still holds a few minutes of samples of a large host. */
  static final long MIN_SPOOL_BYTES = 1024 * 1024;

  public AgentConfig {
    labels = Map.copyOf(labels);
    Objects.requireNonNull(kafka, "kafka");
    filesystemTypes = Set.copyOf(filesystemTypes);
  }

  /**
   * Loads and validates.
   *
   * @param file the operator's YAML file, or null
   * @param env usually {@link System#getenv()}
   * @param hostname supplies the default host id
   * @throws ConfigException naming the bad key
   */
  public static AgentConfig load(Path file, Map<String, String> env, Supplier<String> hostname) {
    return from(ServiceConfig.load(SERVICE, file, env), hostname);
  }

  /** Maps and validates an already merged configuration. */
  public static AgentConfig from(JsonObject c, Supplier<String> hostname) {
    JsonObject host = section(c, "host");
    String hostId = string(host, "host.id", "id", true);
    if (hostId.isBlank()) {
      hostId = Objects.requireNonNullElse(hostname.get(), "").trim();
      if (hostId.isBlank()) {
        throw new ConfigException("host.id: empty and the hostname is unknown; set host.id");
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    JsonObject labelSection = host.getJsonObject("labels", new JsonObject());
    for (String key : labelSection.fieldNames()) {
      if (key.isBlank()) {
        throw new ConfigException("host.labels: a label name is empty");
      }
      labels.put(key, String.valueOf(labelSection.getValue(key)));
    }
    JsonObject sample = section(c, "sample");
    long intervalMs = number(sample, "sample.intervalMs", "intervalMs");
    if (intervalMs < 10 || intervalMs > 3_600_000) {
      throw ConfigException.invalid("sample.intervalMs", "must be between 10 and 3600000", intervalMs);
    }
    JsonObject kafka = section(c, "kafka");
    KafkaClientSettings kafkaProperties = KafkaSettings.from(kafka);
    long deliveryTimeoutMs = number(kafka, "kafka.deliveryTimeoutMs", "deliveryTimeoutMs");
    if (deliveryTimeoutMs < 1000 || deliveryTimeoutMs > Integer.MAX_VALUE) {
      throw ConfigException.invalid("kafka.deliveryTimeoutMs", "must be at least 1000", deliveryTimeoutMs);
    }
    try {
      ProducerSettings.of(kafkaProperties, "config-check", (int) deliveryTimeoutMs);
    } catch (IllegalArgumentException e) { // a kafka.properties entry that would break a fixed setting
      throw new ConfigException(e.getMessage(), e);
    }
    JsonObject spool = section(c, "spool");
    Path spoolDir = path(spool, "spool.dir", "dir");
    long spoolMaxBytes = number(spool, "spool.maxBytes", "maxBytes");
    if (spoolMaxBytes < MIN_SPOOL_BYTES) {
      throw ConfigException.invalid("spool.maxBytes", "must be at least " + MIN_SPOOL_BYTES, spoolMaxBytes);
    }
    JsonObject http = section(c, "http");
    String httpHost = string(http, "http.host", "host", false);
    long httpPort = number(http, "http.port", "port");
    if (httpPort < 0 || httpPort > 65535) {
      throw ConfigException.invalid("http.port", "must be between 0 and 65535", httpPort);
    }
    JsonObject nvml = section(c, "nvml");
    String library = string(nvml, "nvml.library", "library", true);
    JsonObject kernel = section(c, "kernel");
    Path procRoot = path(kernel, "kernel.procRoot", "procRoot");
    Path sysRoot = path(kernel, "kernel.sysRoot", "sysRoot");
    Path hostRoot = path(kernel, "kernel.hostRoot", "hostRoot");
    String mounts = string(kernel, "kernel.mountsFile", "mountsFile", false);
    JsonObject disks = section(c, "disks");
    Object diskMax = disks.getValue("maxBytesPerSecond");
    if (!(diskMax instanceof Number n) || !(n.doubleValue() > 0) || Double.isInfinite(n.doubleValue())) {
      throw ConfigException.invalid("disks.maxBytesPerSecond", "must be a positive number of bytes per second", diskMax);
    }
    return new AgentConfig(
        hostId,
        string(host, "host.cluster", "cluster", false),
        string(host, "host.pool", "pool", false),
        labels,
        intervalMs,
        kafkaProperties,
        (int) deliveryTimeoutMs,
        spoolDir,
        spoolMaxBytes,
        httpHost,
        (int) httpPort,
        library.isBlank() ? null : library,
        new KernelPaths(procRoot, sysRoot),
        hostRoot,
        procRoot.resolve(mounts),
        regex(disks, "disks.exclude"),
        ((Number) diskMax).doubleValue(),
        regex(section(c, "nics"), "nics.exclude"),
        types(section(c, "filesystems")));
  }

  private static JsonObject section(JsonObject c, String key) {
    Object value = c.getValue(key);
    if (!(value instanceof JsonObject section)) {
      throw new ConfigException(key + ": must be a section (a mapping of keys), was " + value);
    }
    return section;
  }

  private static String string(JsonObject section, String key, String field, boolean mayBeEmpty) {
    Object value = section.getValue(field);
    if (value == null || value instanceof JsonObject || value instanceof JsonArray) {
      throw new ConfigException(key + ": must be a text value, was " + value);
    }
    String text = String.valueOf(value).trim();
    if (!mayBeEmpty && text.isEmpty()) {
      throw new ConfigException(key + ": must not be empty");
    }
    return text;
  }

  private static long number(JsonObject section, String key, String field) {
    Object value = section.getValue(field);
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw new ConfigException(key + ": must be a whole number, was " + value);
  }

  private static Path path(JsonObject section, String key, String field) {
    String text = string(section, key, field, false);
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new ConfigException(key + ": not a valid path, was " + text, e);
    }
  }

  private static Pattern regex(JsonObject section, String key) {
    String text = string(section, key, "exclude", true);
    try {
      return Pattern.compile(text.isEmpty() ? "(?!)" : text);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(key + ": not a valid regular expression (" + e.getDescription() + "), was " + text, e);
    }
  }

  private static Set<String> types(JsonObject section) {
    Object value = section.getValue("types");
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException("filesystems.types: must be a list of filesystem types, was " + value);
    }
    Set<String> types = new LinkedHashSet<>();
    for (Object type : array) {
      if (type == null || String.valueOf(type).isBlank()) {
        throw new ConfigException("filesystems.types: an entry is empty");
      }
      types.add(String.valueOf(type).trim());
    }
    return types;
  }
}
