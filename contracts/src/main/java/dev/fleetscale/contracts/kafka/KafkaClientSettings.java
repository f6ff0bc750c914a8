package dev.fleetscale.contracts.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Kafka client configuration, built the same way for every producer, consumer and admin client
 * of every service (Vert.x or Micronaut) and of the testkit. Plain Java, keyed by the client's
 * {@code *_CONFIG} constants.
 *
 * <p>A client's properties are put together in this order, each step overriding the one before:
 *
 * <ol>
 *   <li>{@code bootstrap.servers} and {@code client.id};
 *   <li>the client's defaults ({@link Builder#defaultValue}): tuning the operator may change;
 *   <li>the client's fixed settings ({@link Builder#fixed}): what its guarantees rest on
 *       (idempotence, acks, serializers, group id, transactional id);
 *   <li>the operator's properties, last: security ({@code security.protocol}, {@code ssl.*},
 *       {@code sasl.*}) and any other client setting, passed through unchanged. They come from an
 *       optional Java properties file ({@code kafka.propertiesFile}, {@code
 *       FLEETSCALE_KAFKA_PROPERTIES_FILE}: the place for {@code sasl.jaas.config} and other values
 *       holding commas or secrets, e.g. a mounted Kubernetes Secret) and then the properties map
 *       ({@code kafka.properties}), whose entries override the file's.
 * </ol>
 *
 * An operator property that would change a fixed setting is refused with an
 * {@link IllegalArgumentException} naming the property, rather than silently breaking the
 * client's guarantee (the same value is accepted). {@code bootstrap.servers} is its own setting
 * and is refused among the properties. Values are never put in messages or logs: properties may
 * hold secrets.
 *
 * <p>Immutable and thread-safe; a {@link Builder} is not.
 */
public final class KafkaClientSettings {

  private final String bootstrapServers;
  private final Map<String, Object> properties;
  private final String propertiesKey;
  /** Where each operator property came from, for errors: the map's key or the file's. */
  private final Map<String, String> origins;

  private KafkaClientSettings(String bootstrapServers, Map<String, Object> properties,
      String propertiesKey, Map<String, String> origins) {
    this.bootstrapServers = bootstrapServers;
    this.properties = properties;
    this.propertiesKey = propertiesKey;
    this.origins = origins;
  }

  /**
   * {@link #of(String, Map, String, String)} with the operator's properties file applied first:
   * the file's entries, then {@code properties} over them.
   *
   * @param propertiesFile a Java properties file; null or blank for none
   * @param propertiesFileKey its configuration key, named in errors (e.g. {@code
   *     kafka.propertiesFile}, {@code fleetscale.kafka.properties-file})
   * @throws IllegalArgumentException naming the key (and the file) at fault; never a value
   */
  public static KafkaClientSettings of(String bootstrapServers, Map<String, ?> properties,
      String propertiesFile, String bootstrapKey, String propertiesKey, String propertiesFileKey) {
    Objects.requireNonNull(propertiesFileKey, "propertiesFileKey");
    if (propertiesFile == null || propertiesFile.isBlank()) {
      return of(bootstrapServers, properties, bootstrapKey, propertiesKey);
    }
    String origin = propertiesFileKey + " " + propertiesFile.strip();
    Map<String, Object> merged = new LinkedHashMap<>(readProperties(propertiesFileKey, propertiesFile.strip()));
    Map<String, String> origins = new LinkedHashMap<>();
    merged.keySet().forEach(k -> origins.put(k, origin));
    if (properties != null) {
      properties.forEach((k, v) -> {
        merged.put(k, v);
        origins.remove(k);
      });
    }
    return of(bootstrapServers, merged, bootstrapKey, propertiesKey, origins);
  }

  private static Map<String, String> readProperties(String key, String file) {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(key + ": " + file + " is not a readable file (missing, or a folder)");
    }
    Properties loaded = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      loaded.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": cannot read " + file + " as Java properties ("
          + e.getClass().getSimpleName() + ")", e);
    }
    Map<String, String> out = new TreeMap<>();
    loaded.stringPropertyNames().forEach(name -> out.put(name, loaded.getProperty(name).strip()));
    return out;
  }

  /**
   * Checks and keeps the connection settings.
   *
   * @param bootstrapServers {@code host:port[,host:port...]}
   * @param properties the operator's pass-through client properties; null for none
   * @param bootstrapKey the configuration key of {@code bootstrapServers}, named in errors (e.g.
   *     {@code kafka.bootstrapServers})
   * @param propertiesKey the configuration key of {@code properties}, named in errors (e.g.
   *     {@code kafka.properties}, {@code fleetscale.kafka.client})
   * @throws IllegalArgumentException naming the key and the rule it breaks
   */
  public static KafkaClientSettings of(String bootstrapServers, Map<String, ?> properties,
      String bootstrapKey, String propertiesKey) {
    return of(bootstrapServers, properties, bootstrapKey, propertiesKey, Map.of());
  }

  private static KafkaClientSettings of(String bootstrapServers, Map<String, ?> properties,
      String bootstrapKey, String propertiesKey, Map<String, String> origins) {
    Objects.requireNonNull(bootstrapKey, "bootstrapKey");
    Objects.requireNonNull(propertiesKey, "propertiesKey");
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          bootstrapKey + ": must be host:port[,host:port...], was " + bootstrapServers);
    }
    for (String server : bootstrapServers.split(",")) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0 || !server.substring(colon + 1).trim().matches("\\d{1,5}")) {
        throw new IllegalArgumentException(bootstrapKey + ": '" + server.trim() + "' is not host:port");
      }
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    if (properties != null) {
      properties.forEach((key, value) -> {
        if (key == null || key.isBlank()) {
          throw new IllegalArgumentException(propertiesKey + ": a property name is empty");
        }
        String where = origins.containsKey(key) ? origins.get(key) + ": " + key : propertiesKey + "." + key;
        if (value == null) {
          throw new IllegalArgumentException(where + ": has no value");
        }
        if (value instanceof Map<?, ?>) { // a nested map, e.g. security: {protocol: SSL}
          throw new IllegalArgumentException(where
              + ": must be one value; write the client property's full name as the key (security.protocol)");
        }
        if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
          throw new IllegalArgumentException(where + ": must not be set here; set "
              + bootstrapKey + " instead");
        }
        copy.put(key, value);
      });
    }
    return new KafkaClientSettings(bootstrapServers.strip(), Collections.unmodifiableMap(copy),
        propertiesKey, Map.copyOf(origins));
  }

  /** {@link #of(String, Map, String, String)} with errors naming the arguments themselves. */
  public static KafkaClientSettings of(String bootstrapServers, Map<String, ?> properties) {
    return of(bootstrapServers, properties, "bootstrapServers", "properties");
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The operator's properties, unmodifiable, in the order given. */
  public Map<String, Object> properties() {
    return properties;
  }

  /**
   * Starts one client's configuration.
   *
   * @param clientId the client's {@code client.id} (broker logs, quotas, metrics); null leaves it
   *     to the client (or to the operator's properties)
   */
  public Builder client(String clientId) {
    return new Builder(clientId);
  }

  /** One client's configuration; see the class comment for the order its parts are applied in. */
  public final class Builder {

    private final String clientId;
    private final Map<String, Object> defaults = new LinkedHashMap<>();
    private final Map<String, Object> fixed = new LinkedHashMap<>();

    private Builder(String clientId) {
      this.clientId = clientId;
    }

    /** A setting the operator's properties may override. */
    public Builder defaultValue(String key, Object value) {
      defaults.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
      return this;
    }

    /** A setting the client's guarantees rest on; an operator property may only repeat it. */
    public Builder fixed(String key, Object value) {
      fixed.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
      return this;
    }

    /**
     * @return a fresh mutable map, ready for the Kafka client's constructor
     * @throws IllegalArgumentException when an operator property would change a fixed setting
     */
    public Map<String, Object> build() {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      if (clientId != null) {
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
      }
      config.putAll(defaults);
      config.putAll(fixed);
      properties.forEach((key, value) -> {
        Object pinned = fixed.get(key);
        if (pinned != null && !text(pinned).equalsIgnoreCase(text(value).strip())) {
          String origin = origins.getOrDefault(key, propertiesKey);
          String where = origins.containsKey(key) ? origin + ": " + key : propertiesKey + "." + key;
          throw new IllegalArgumentException(where + ": must not be set, this client"
              + " needs it to be " + text(pinned) + " (remove it from " + origin + ")");
        }
        config.put(key, value);
      });
      return config;
    }
  }

  private static String text(Object value) {
    return value instanceof Class<?> type ? type.getName() : String.valueOf(value);
  }

  @Override
  public String toString() {
    // Property values may be secrets (sasl.jaas.config, ssl.*.password): names only.
    return "KafkaClientSettings[bootstrapServers=" + bootstrapServers + ", properties="
        + properties.keySet() + "]";
  }
}
