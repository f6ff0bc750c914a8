package dev.fleetscale.testkit.kafka;

import dev.fleetscale.contracts.kafka.KafkaClientSettings;
import dev.fleetscale.testkit.stack.DockerSwitch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Kafka 4.1 broker for the tests of one class:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
 * }</pre>
 *
 * <p>Before all tests it starts a {@link KafkaBrokerProcess} (child JVM, 127.0.0.1, free port), or
 * a Testcontainers broker where Docker exists and {@code -Dfleetscale.testkit.docker=true}; after
 * all tests it stops it and deletes its data. Clients made here use String keys and byte[] values;
 * tests pass only the settings they care about. Producers and consumers are the caller's to close.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(20);

  private KafkaBroker broker;
  private Admin admin;

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    running();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
      admin = null;
    }
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  /** {@code 127.0.0.1:port}; the same after {@link #stopBroker()} and {@link #startBroker()}. */
  public synchronized String bootstrapServers() {
    return running().bootstrapServers();
  }

  /**
   * Creates a topic with one replica and returns once every partition has a leader. A topic that
   * already exists with the same name is accepted.
   */
  public void createTopic(String name, int partitions) {
    Admin admin = admin();
    try {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
          .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("topic " + name + " not created within " + TOPIC_TIMEOUT, e);
    }
    awaitLeaders(admin, name, partitions);
  }

  /**
   * A producer with acks=all, built by {@link KafkaClientSettings} as the services build theirs;
   * {@code overrides} (keyed by {@link ProducerConfig} constants) are applied last, as an
   * operator's properties are.
   */
  public KafkaProducer<String, byte[]> producer(Map<String, Object> overrides) {
    return new KafkaProducer<>(KafkaClientSettings.of(bootstrapServers(), overrides).client(null)
        .defaultValue(ProducerConfig.ACKS_CONFIG, "all")
        .defaultValue(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class)
        .defaultValue(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
        .build());
  }

  /**
   * A consumer reading from the earliest offset in a group of its own (unless {@code overrides}
   * sets {@link ConsumerConfig#GROUP_ID_CONFIG}); {@code overrides} are applied last.
   */
  public KafkaConsumer<String, byte[]> consumer(Map<String, Object> overrides) {
    return new KafkaConsumer<>(KafkaClientSettings.of(bootstrapServers(), overrides).client(null)
        .defaultValue(ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID())
        .defaultValue(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .defaultValue(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)
        .defaultValue(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
        .build());
  }

  /** Takes the broker away, keeping its data, to test how clients ride out an outage. */
  public synchronized void stopBroker() {
    running().stop();
  }

  /** Brings the broker back on the same port with the same data; returns once it is ready. */
  public synchronized void startBroker() {
    running().start();
  }

  /**
   * The broker, started at the first use: in beforeAll, or earlier when a framework asks for its
   * address before extensions run (@MicronautTest's TestPropertyProvider does). afterAll stops it;
   * the child-process shutdown hook covers an extension that was never registered.
   */
  private synchronized KafkaBroker running() {
    if (broker == null) {
      broker = DockerSwitch.useContainers() ? new KafkaContainerBroker() : KafkaBrokerProcess.onFreePorts();
      broker.start();
    }
    return broker;
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }
    return admin;
  }

  private static void awaitLeaders(Admin admin, String name, int partitions) {
    long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
    while (true) {
      try {
        TopicDescription description =
            admin.describeTopics(List.of(name)).allTopicNames().get(5, TimeUnit.SECONDS).get(name);
        if (description.partitions().size() >= partitions
            && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // Metadata not propagated yet (UnknownTopicOrPartition): ask again.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + name, e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + name + " has no leaders after " + TOPIC_TIMEOUT);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + name, e);
      }
    }
  }
}
