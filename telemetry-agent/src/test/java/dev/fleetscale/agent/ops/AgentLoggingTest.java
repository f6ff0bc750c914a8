package dev.fleetscale.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's java.util.logging set-up, reached through SLF4J as the agent's code and libraries log. */
class AgentLoggingTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    System.clearProperty(AgentLogging.CONFIG_FILE_PROPERTY);
    AgentLogging.install(System.err);
  }

  @Test
  void slf4jLinesArriveOnePerEventInTheServicesFormat() {
    AgentLogging.install(new PrintStream(out, true, StandardCharsets.UTF_8));
    Logger log = LoggerFactory.getLogger("dev.fleetscale.agent.publish.PublisherVerticle");

    log.info("spooled {} samples", 3);
    log.debug("not shown at INFO");
    log.error("send failed", new IllegalStateException("broker gone"));

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
    assertThat(lines[0]).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+\\] d\\.f\\.agent\\.publish\\.PublisherVerticle - spooled 3 samples");
    assertThat(lines[1]).contains(" ERROR [").endsWith(" - send failed");
    assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: broker gone");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("not shown");
  }

  @Test
  void kafkaClientChatterBelowErrorIsQuiet() {
    AgentLogging.install(new PrintStream(out, true, StandardCharsets.UTF_8));

    LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").warn("Connection to node -1 could not be established");
    LoggerFactory.getLogger("org.apache.kafka.clients.producer.KafkaProducer").error("fatal");

    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("could not be established").contains("ERROR").contains("fatal");
  }

  @Test
  void aConfigurationFileNamedByTheOperatorIsLeftToTheJdk() {
    AgentLogging.install(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setProperty(AgentLogging.CONFIG_FILE_PROPERTY, "/etc/fleetscale/logging.properties");
    ByteArrayOutputStream other = new ByteArrayOutputStream();

    AgentLogging.install(new PrintStream(other, true, StandardCharsets.UTF_8));
    LoggerFactory.getLogger("x").info("still the first set-up");

    assertThat(other.size()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("still the first set-up");
  }

  @Test
  void levelsAndLoggerNamesAreWrittenAsLogbackWritesThem() {
    assertThat(AgentLogging.OneLine.level(Level.SEVERE)).isEqualTo("ERROR");
    assertThat(AgentLogging.OneLine.level(Level.WARNING)).isEqualTo("WARN");
    assertThat(AgentLogging.OneLine.level(Level.FINE)).isEqualTo("DEBUG");
    assertThat(AgentLogging.OneLine.abbreviate("dev.fleetscale.agent.Short")).isEqualTo("dev.fleetscale.agent.Short");
    assertThat(AgentLogging.OneLine.abbreviate("io.vertx.core.impl.BlockedThreadChecker")).isEqualTo("i.v.core.impl.BlockedThreadChecker");
  }
}
