package dev.fleetscale.procurement.proposal;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The wall clock, as a bean so that tests can replace it. */
@Factory
class ClockFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
