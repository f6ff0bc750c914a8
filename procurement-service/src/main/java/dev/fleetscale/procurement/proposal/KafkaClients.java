package dev.fleetscale.procurement.proposal;

import dev.fleetscale.procurement.config.KafkaSettings;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.MapFormat;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Client configuration in one place. Anything under {@code fleetscale.kafka.client.*} (TLS, SASL,
 * client tuning) is passed to every client unchanged.
 *
 * <p>Where settings are built today: the publisher's producer here ({@link #producer}); the demand
 * listener's consumer here too ({@link #listenerConsumerConfig}), handed to micronaut-kafka by
 * {@link FrameworkKafkaSettings} (which also gives the framework's admin client {@link
 * #commonConfig}). The two differ in one respect: the producer's own settings win
 * over the operator's, while the listener takes the operator's last, so that an operator can tune
 * it (e.g. {@code fleetscale.kafka.client.max.poll.interval.ms}).
 */
@Singleton
public class KafkaClients {

  private final KafkaSettings settings;
  private final Map<String, Object> extra;

  public KafkaClients(KafkaSettings settings,
      @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT)
      @Property(name = "fleetscale.kafka.client") Map<String, Object> extra) {
    this.settings = settings;
    this.extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  public KafkaProducer<String, byte[]> producer(String clientId) {
    Map<String, Object> config = common(clientId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * The demand listener's consumer settings, as strings: bootstrap servers and group from {@link
   * KafkaSettings}, manual commits, earliest offset for a new group, at most 50 records a poll,
   * string keys and byte-array values; then every {@code fleetscale.kafka.client.*} property, which
   * wins.
   */
  public Map<String, String> listenerConsumerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        ByteArrayDeserializer.class.getName());
    config.putAll(extra);
    Map<String, String> out = new HashMap<>();
    config.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  /** Bootstrap servers, then every {@code fleetscale.kafka.client.*} property, as strings. */
  public Map<String, String> commonConfig() {
    Map<String, String> out = new HashMap<>();
    out.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    extra.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  /** The listener's {@code max.poll.interval.ms}: the operator's, or Kafka's default. */
  public Duration listenerMaxPollInterval() {
    String ms = listenerConsumerConfig().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
    return Duration.ofMillis(ms == null ? DEFAULT_MAX_POLL_INTERVAL_MS : Long.parseLong(ms.trim()));
  }

  private Map<String, Object> common(String clientId) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return config;
  }

  /** Kafka's default max.poll.interval.ms (5 minutes). */
  static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;
}
