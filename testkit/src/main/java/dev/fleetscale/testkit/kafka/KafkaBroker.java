package dev.fleetscale.testkit.kafka;

/** A single-node Kafka broker the tests can stop and start again; implementations are not shared. */
interface KafkaBroker extends AutoCloseable {

  /** {@code host:port} for {@code bootstrap.servers}; stable across stop/start. */
  String bootstrapServers();

  void start();

  /** Takes the broker away (clients see an outage) while keeping its data. */
  void stop();

  @Override
  void close();
}
