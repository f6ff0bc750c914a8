package dev.fleetscale.agent.publish;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The agent's Kafka producer configuration.
 *
 * <p>Order and no-duplicate guarantees come from three settings that the operator's pass-through
 * properties cannot change: idempotence, acks=all and at most one request in flight per
 * connection (the agent sends one sample at a time anyway, so nothing is lost by it). Everything
 * else (compression, security, timeouts' finer points) is a default the operator may override
 * with {@code kafka.properties}.
 */
public final class ProducerSettings {

  private ProducerSettings() {}

  /**
   * @param client bootstrap servers plus the operator's properties ({@code KafkaSettings.from})
   * @param clientId the producer's client id (shows in broker logs and quotas)
   * @param deliveryTimeoutMs how long one send may take, including retries, milliseconds
   */
  public static Map<String, Object> of(Map<String, Object> client, String clientId, int deliveryTimeoutMs) {
    // request.timeout.ms + linger.ms must not exceed delivery.timeout.ms (the client checks).
    int requestTimeoutMs = Math.max(500, Math.min(15_000, deliveryTimeoutMs / 2));
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    // lz4: a 10 KiB JSON sample shrinks about 4x for a few microseconds of CPU; zstd squeezes a
    // little more at several times the CPU, which a 1 Hz agent does not need.
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
    // While the broker is unreachable, send() waits for metadata up to this long on a worker;
    // short, so a stop is not held up and the sample is simply retried from the spool.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(deliveryTimeoutMs, 2_000));
    props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
    // One sample at a time needs little buffer: keep the agent's heap small.
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024);
    props.putAll(client);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }
}
