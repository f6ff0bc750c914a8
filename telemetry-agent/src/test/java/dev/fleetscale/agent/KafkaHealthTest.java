package dev.fleetscale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.agent.publish.KafkaRefusalTest;
import dev.fleetscale.agent.spool.Spool;
import dev.fleetscale.agent.spool.SpoolEvents;
import dev.fleetscale.runtime.health.HealthStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaHealthTest {

  @TempDir Path dir;

  @Test
  void aRefusalIsDownNamingTheCause() throws Exception {
    try (Spool spool = Spool.open(dir, 1 << 20, SpoolEvents.NONE)) {
      HealthStatus health = AgentVerticle.kafkaHealth(KafkaRefusalTest.refusedLink(), spool);
      assertThat(health.state()).isEqualTo(HealthStatus.State.DOWN);
      assertThat(health.reason()).isEqualTo("Kafka refused the agent, samples are spooled until it is fixed:"
          + " SaslAuthenticationException: invalid credentials");
      assertThat(health.details()).containsEntry("state", "REFUSED");
    }
  }
}
