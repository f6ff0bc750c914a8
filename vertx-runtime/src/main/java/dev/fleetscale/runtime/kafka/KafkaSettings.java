package dev.fleetscale.runtime.kafka;

import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.runtime.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Vert.x service's {@code kafka} configuration section as {@link KafkaClientSettings}:
 * {@code bootstrapServers} plus an open {@code properties} map passed to every client, applied
 * after the client's own settings. That map is how TLS and SASL are switched on
 * ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}): configuration, not code. An optional
 * {@code propertiesFile} (Java properties, {@code FLEETSCALE_KAFKA_PROPERTIES_FILE}) is read first
 * and the map applied over it. Values are never logged, since they may hold secrets.
 */
public final class KafkaSettings {

  private KafkaSettings() {}

  /**
   * @param kafka the section, e.g. {@code {bootstrapServers: "127.0.0.1:9092", properties: {}}}
   * @throws ConfigException naming {@code kafka.bootstrapServers} or the {@code kafka.properties}
   *     entry at fault
   */
  public static KafkaClientSettings from(JsonObject kafka) {
    if (kafka == null) {
      throw new ConfigException("kafka: section is missing");
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    kafka.getJsonObject("properties", new JsonObject())
        .forEach(e -> properties.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue())));
    try {
      return KafkaClientSettings.of(kafka.getString("bootstrapServers"), properties,
          kafka.getString("propertiesFile", ""), "kafka.bootstrapServers", "kafka.properties",
          "kafka.propertiesFile");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }
}
