package dev.fleetscale.procurement.config;

import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds and validates every settings record when the application context starts, so a bad
 * setting stops the start with the setting's name and the rule it breaks, rather than failing
 * later on first use. Logs the settings in force (the Influx token masked).
 */
@Context
public class StartupCheck {

  private static final Logger LOG = LoggerFactory.getLogger(StartupCheck.class);

  public StartupCheck(KafkaSettings kafka, InfluxSettings influx, ProcurementSettings settings) {
    LOG.info("settings: {} {} {}", kafka, influx, settings);
  }
}
