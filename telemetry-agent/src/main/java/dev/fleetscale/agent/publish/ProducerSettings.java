package dev.fleetscale.agent.publish;

import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The agent's Kafka producer configuration, built by {@link KafkaClientSettings} like every
 * other Fleetscale client: the operator's {@code kafka.properties} are applied last.
 *
 * <p>Order and no-duplicate guarantees come from three fixed settings that the operator's
 * properties cannot change (setting one to another value is refused at start): idempotence,
 * acks=all and at most one request in flight per connection (the agent sends one sample at a time
 * anyway, so nothing is lost by it). Everything else (compression, security, timeouts' finer
 * points) is a default the operator may override.
 */
public final class ProducerSettings {

  private ProducerSettings() {}

  /**
   * @param client bootstrap servers plus the operator's properties ({@code KafkaSettings.from})
   * @param clientId the producer's client id (shows in broker logs and quotas)
   * @param deliveryTimeoutMs how long one send may take, including retries, milliseconds
   * @throws IllegalArgumentException when an operator property would change a fixed setting
   */
  public static Map<String, Object> of(KafkaClientSettings client, String clientId, int deliveryTimeoutMs) {
    // request.timeout.ms + linger.ms must not exceed delivery.timeout.ms (the client checks).
    int requestTimeoutMs = Math.max(500, Math.min(15_000, deliveryTimeoutMs / 2));
    return client.client(clientId)
        // lz4: a 10 KiB JSON sample shrinks about 4x for a few microseconds of CPU; zstd squeezes a
        // little more at several times the CPU, which a 1 Hz agent does not need.
        .defaultValue(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .defaultValue(ProducerConfig.LINGER_MS_CONFIG, 0)
        .defaultValue(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs)
        .defaultValue(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs)
        // While the broker is unreachable, send() waits for metadata up to this long on a worker;
        // short, so a stop is not held up and the sample is simply retried from the spool.
        .defaultValue(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(deliveryTimeoutMs, 2_000))
        .defaultValue(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000)
        // One sample at a time needs little buffer: keep the agent's heap small.
        .defaultValue(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024)
        .fixed(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .fixed(ProducerConfig.ACKS_CONFIG, "all")
        .fixed(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
        .fixed(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())
        .fixed(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())
        .build();
  }
}
