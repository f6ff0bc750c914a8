package dev.fleetscale.runtime.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Loads a Vert.x service's configuration the one way every Fleetscale service does it:
 *
 * <ol>
 *   <li>defaults from the classpath resource {@code <service>.defaults.yaml} (every key a service
 *       knows must have a default there: the defaults are the schema of the configuration);
 *   <li>an optional YAML file given by the operator, deep-merged over the defaults;
 *   <li>environment variables {@code FLEETSCALE_<PATH>}, where PATH is a key's dotted path in
 *       upper snake case: {@code kafka.bootstrapServers} is {@code FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS}.
 * </ol>
 *
 * <p>A key in the file that the defaults do not know is an error (a typo must not be silently
 * ignored). Environment values are coerced to the type of the default they replace. The Micronaut
 * services follow the same naming through Micronaut's own environment property source, so
 * {@code FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS} means the same thing to every service.
 *
 * <p>Stateless and thread-safe.
 */
public final class ServiceConfig {

  /** Prefix of every environment variable that overrides configuration. */
  public static final String ENV_PREFIX = "FLEETSCALE_";

  private static final Logger log = LoggerFactory.getLogger(ServiceConfig.class);

  private ServiceConfig() {}

  /**
   * @param service names the defaults resource, {@code <service>.defaults.yaml}
   * @param file the operator's YAML file, or {@code null} for defaults and environment only
   * @param env usually {@code System.getenv()}; only {@code FLEETSCALE_*} entries are read
   * @return the merged configuration, a fresh object the caller owns
   * @throws ConfigException naming the key or file at fault
   */
  public static JsonObject load(String service, Path file, Map<String, String> env) {
    String resource = service + ".defaults.yaml";
    JsonObject config;
    try (InputStream in = ServiceConfig.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException("no defaults for service '" + service + "': resource " + resource + " is missing");
      }
      config = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + resource, e);
    }
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("config file " + file + ": not found or not a file");
      }
      try {
        mergeInto(config, parse(Files.readString(file), file.toString()), "");
      } catch (IOException e) {
        throw new ConfigException("config file " + file + ": cannot read (" + e.getMessage() + ")", e);
      }
    }
    applyEnvironment(config, env);
    return config;
  }

  /** The environment variable name that overrides {@code dottedKey}. */
  public static String envName(String dottedKey) {
    StringBuilder out = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < dottedKey.length(); i++) {
      char c = dottedKey.charAt(i);
      if (c == '.' || c == '-') {
        out.append('_');
      } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(dottedKey.charAt(i - 1))) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString();
  }

  private static JsonObject parse(String yaml, String origin) {
    try {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
      if (root == null) {
        return new JsonObject();
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw new ConfigException(origin + ": the top level must be a mapping of keys to values");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) map;
      return new JsonObject(typed).copy();
    } catch (YAMLException e) {
      throw new ConfigException(origin + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
  }

  private static void mergeInto(JsonObject target, JsonObject overrides, String path) {
    for (String key : overrides.fieldNames()) {
      String dotted = path.isEmpty() ? key : path + "." + key;
      Object value = overrides.getValue(key);
      if (!target.containsKey(key)) {
        throw new ConfigException(dotted + ": unknown key (known here: " + String.join(", ", new TreeMap<>(target.getMap()).keySet()) + ")");
      }
      Object current = target.getValue(key);
      if (current instanceof JsonObject nested && value instanceof JsonObject nestedOverride) {
        if (nested.isEmpty()) {
          target.put(key, nestedOverride); // an open map such as labels or client properties
        } else {
          mergeInto(nested, nestedOverride, dotted);
        }
      } else {
        target.put(key, value);
      }
    }
  }

  private static void applyEnvironment(JsonObject config, Map<String, String> env) {
    Map<String, String> leaves = new TreeMap<>();
    collectLeaves(config, "", leaves);
    for (Map.Entry<String, String> leaf : leaves.entrySet()) {
      String value = env.get(leaf.getValue());
      if (value != null) {
        setLeaf(config, leaf.getKey(), value);
        log.debug("configuration {} set from environment {}", leaf.getKey(), leaf.getValue());
      }
    }
  }

  private static void collectLeaves(JsonObject node, String path, Map<String, String> out) {
    for (String key : node.fieldNames()) {
      String dotted = path.isEmpty() ? key : path + "." + key;
      Object value = node.getValue(key);
      if (value instanceof JsonObject nested && !nested.isEmpty()) {
        collectLeaves(nested, dotted, out);
      } else {
        out.put(dotted, envName(dotted));
      }
    }
  }

  private static void setLeaf(JsonObject config, String dotted, String raw) {
    String[] parts = dotted.split("\\.");
    JsonObject node = config;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.getJsonObject(parts[i]);
    }
    String key = parts[parts.length - 1];
    node.put(key, coerce(dotted, node.getValue(key), raw));
  }

  private static Object coerce(String key, Object current, String raw) {
    String env = envName(key);
    try {
      if (current instanceof Boolean) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          throw new ConfigException(env + " (" + key + "): must be true or false, was " + raw);
        }
        return Boolean.parseBoolean(v);
      }
      if (current instanceof Integer) {
        return Integer.parseInt(raw.trim());
      }
      if (current instanceof Long) {
        return Long.parseLong(raw.trim());
      }
      if (current instanceof Number) {
        return Double.parseDouble(raw.trim());
      }
      if (current instanceof JsonArray) {
        List<Object> items = new ArrayList<>();
        for (String item : raw.split(",")) {
          if (!item.isBlank()) {
            items.add(item.trim());
          }
        }
        return new JsonArray(items);
      }
      if (current instanceof JsonObject) {
        // An open map (labels, client properties) from "k1=v1,k2=v2".
        JsonObject map = new JsonObject();
        for (String pair : raw.split(",")) {
          if (pair.isBlank()) {
            continue;
          }
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            // The value is not echoed: client property maps hold secrets (sasl.jaas.config).
            throw new ConfigException(env + " (" + key + "): expected key=value pairs separated by commas;"
                + " entry " + (map.size() + 1) + " has no '=' (values with commas go in a properties file,"
                + " e.g. FLEETSCALE_KAFKA_PROPERTIES_FILE)");
          }
          map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
      }
      return raw;
    } catch (NumberFormatException e) {
      throw new ConfigException(env + " (" + key + "): must be a number, was " + raw, e);
    }
  }
}
