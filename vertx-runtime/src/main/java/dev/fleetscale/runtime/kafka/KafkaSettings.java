package dev.fleetscale.runtime.kafka;

import dev.fleetscale.runtime.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Kafka client properties from a service's {@code kafka} configuration section:
 * {@code bootstrapServers} plus an open {@code properties} map passed to the client unchanged.
 * That map is how TLS and SASL are switched on ({@code security.protocol}, {@code ssl.*},
 * {@code sasl.*}): configuration, not code. Values are never logged, since they may hold secrets.
 */
public final class KafkaSettings {

  private KafkaSettings() {}

  /**
   * @param kafka the section, e.g. {@code {bootstrapServers: "127.0.0.1:9092", properties: {}}}
   * @return a mutable map the caller may extend with its own client settings
   */
  public static Map<String, Object> from(JsonObject kafka) {
    if (kafka == null) {
      throw new ConfigException("kafka: section is missing");
    }
    String bootstrap = kafka.getString("bootstrapServers");
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new ConfigException("kafka.bootstrapServers: must be host:port[,host:port...], was " + bootstrap);
    }
    for (String server : bootstrap.split(",")) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0 || !server.substring(colon + 1).trim().matches("\\d{1,5}")) {
        throw new ConfigException("kafka.bootstrapServers: '" + server.trim() + "' is not host:port");
      }
    }
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    JsonObject extra = kafka.getJsonObject("properties", new JsonObject());
    extra.forEach(e -> props.put(e.getKey(), String.valueOf(e.getValue())));
    return props;
  }
}
