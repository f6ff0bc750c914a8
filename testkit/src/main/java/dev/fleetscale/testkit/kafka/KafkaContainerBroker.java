package dev.fleetscale.testkit.kafka;

import org.testcontainers.kafka.KafkaContainer;

/**
 * The Testcontainers variant, used only where Docker exists and {@code
 * -Dfleetscale.testkit.docker=true}. A stopped container would come back on new host ports, so
 * {@link #stop()} pauses the container instead: clients see a broker that does not answer, which
 * is an outage all the same, and {@link #start()} unpauses it.
 */
final class KafkaContainerBroker implements KafkaBroker {

  static final String IMAGE = "apache/kafka:4.1.1";

  private final KafkaContainer container = new KafkaContainer(IMAGE);
  private boolean paused;

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public synchronized void start() {
    if (!container.isRunning()) {
      container.start();
    } else if (paused) {
      container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
      paused = false;
    }
  }

  @Override
  public synchronized void stop() {
    if (container.isRunning() && !paused) {
      container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
      paused = true;
    }
  }

  @Override
  public synchronized void close() {
    container.stop();
  }
}
