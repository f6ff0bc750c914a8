package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.kafka.KafkaClientSettings;
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
 * Procurement's Kafka clients, built through contracts' {@link KafkaClientSettings}: the one way
 * every Fleetscale service puts a client's configuration together (bootstrap and client id, the
 * client's defaults, its fixed settings, then the operator's {@code fleetscale.kafka.client.*}
 * properties last: TLS, SASL, tuning). An operator property that would change a fixed setting
 * (acks, idempotence, group, serializers, manual commits) stops the start with a message naming it.
 *
 * <p>The publisher's producer is built here ({@link #producer}); the demand listener's consumer
 * ({@link #listenerConsumerConfig}) and the framework's admin client ({@link #commonConfig}) are
 * handed to micronaut-kafka by {@link FrameworkKafkaSettings}.
 */
@Singleton
public class KafkaClients {

  private final KafkaSettings settings;
  private final KafkaClientSettings kafka;

  public KafkaClients(KafkaSettings settings,
      @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT)
      @Property(name = "fleetscale.kafka.client") Map<String, Object> extra) {
    this.settings = settings;
    this.kafka = KafkaClientSettings.of(settings.bootstrapServers(), extra, settings.propertiesFile(),
        "fleetscale.kafka.bootstrap-servers", "fleetscale.kafka.client",
        "fleetscale.kafka.properties-file");
  }

  public KafkaProducer<String, byte[]> producer(String clientId) {
    Map<String, Object> config = kafka.client(clientId)
        .defaultValue(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
        .defaultValue(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)
        .defaultValue(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000)
        .fixed(ProducerConfig.ACKS_CONFIG, "all")
        .fixed(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .build();
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * The demand listener's consumer settings, as strings: bootstrap servers and group from {@link
   * KafkaSettings}, manual commits, string keys and byte-array values (fixed); earliest offset for
   * a new group and at most 50 records a poll (defaults); then the operator's properties.
   */
  public Map<String, String> listenerConsumerConfig() {
    return strings(kafka.client(null)
        .defaultValue(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .defaultValue(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50)
        .fixed(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId())
        .fixed(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .fixed(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())
        .fixed(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName())
        .build());
  }

  /** Bootstrap servers, then the operator's properties, as strings (the framework's admin). */
  public Map<String, String> commonConfig() {
    Map<String, Object> config = new HashMap<>(kafka.properties());
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return strings(config);
  }

  /** The listener's {@code max.poll.interval.ms}: the operator's, or Kafka's default. */
  public Duration listenerMaxPollInterval() {
    String ms = listenerConsumerConfig().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
    return Duration.ofMillis(ms == null ? DEFAULT_MAX_POLL_INTERVAL_MS : Long.parseLong(ms.trim()));
  }

  private static Map<String, String> strings(Map<String, Object> config) {
    Map<String, String> out = new HashMap<>();
    config.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  /** Kafka's default max.poll.interval.ms (5 minutes). */
  static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;
}
