package dev.fleetscale.testkit.influx;

/** Where the v2 client points, and how to make a database there; one per test class. */
interface InfluxServer extends AutoCloseable {

  /** The v2 URL for influxdb-client-java. */
  String url();

  /** Makes {@code name} writable as a v2 bucket and readable as an InfluxQL database. */
  void createDatabase(String name);

  @Override
  void close();
}
