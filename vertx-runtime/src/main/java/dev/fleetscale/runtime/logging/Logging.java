package dev.fleetscale.runtime.logging;

import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * One logging backend per service: SLF4J to Logback, with java.util.logging routed into it; or,
 * for the telemetry agent, SLF4J to java.util.logging itself.
 */
public final class Logging {

  private Logging() {}

  /**
   * Routes java.util.logging (and so System.Logger's default backend) into SLF4J. Libraries that
   * log that way (influxdb-client-java, the NVML binding) then obey the service's Logback
   * configuration instead of printing on stderr on their own. Call once, first thing in main.
   */
  public static void routeJavaUtilLogging() {
    // A service whose SLF4J backend is java.util.logging (the agent, through slf4j-jdk14) has
    // nothing to route, and routing would send every record round in a loop.
    if (LoggerFactory.getILoggerFactory().getClass().getName().startsWith("org.slf4j.jul.")) {
      return;
    }
    Bridge.install();
  }

  /** Kept apart so that a service without jul-to-slf4j never loads it. */
  private static final class Bridge {
    static void install() {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
