package dev.fleetscale.testkit.influx;

/** influxd 1.6.7 on a free port behind an {@link InfluxV2WriteBridge}. */
final class BridgedInfluxd implements InfluxServer {

  private final InfluxdProcess influxd;
  private final InfluxV2WriteBridge bridge;

  BridgedInfluxd() {
    influxd = InfluxdProcess.onFreePorts();
    try {
      influxd.start();
      bridge = InfluxV2WriteBridge.start(influxd.url(), 0);
    } catch (RuntimeException e) {
      influxd.close();
      throw e;
    }
  }

  @Override
  public String url() {
    return bridge.url();
  }

  @Override
  public void createDatabase(String name) {
    influxd.createDatabase(name);
  }

  @Override
  public void close() {
    bridge.close();
    influxd.close();
  }
}
