package dev.fleetscale.runtime.logging;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** One logging backend per service: SLF4J to Logback, with java.util.logging routed into it. */
public final class Logging {

  private Logging() {}

  /**
   * Routes java.util.logging (and so System.Logger's default backend) into SLF4J. Libraries that
   * log that way (influxdb-client-java, the NVML binding) then obey the service's Logback
   * configuration instead of printing on stderr on their own. Call once, first thing in main.
   */
  public static void routeJavaUtilLogging() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }
}
