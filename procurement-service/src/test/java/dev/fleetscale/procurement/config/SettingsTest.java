package dev.fleetscale.procurement.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(startApplication = false)
@Property(name = "fleetscale.kafka.enabled", value = "false")
@Property(name = "fleetscale.influx.enabled", value = "false")
@Property(name = "fleetscale.kafka.bootstrap-servers", value = "broker-1:9093,broker-2:9093")
@Property(name = "fleetscale.influx.token", value = "s3cret")
@Property(name = "fleetscale.procurement.horizon-months", value = "48")
class SettingsTest {

  @Inject KafkaSettings kafka;
  @Inject InfluxSettings influx;
  @Inject ProcurementSettings procurement;

  @Test
  void bindsPropertiesIntoImmutableRecords() {
    assertThat(kafka.bootstrapServers()).isEqualTo("broker-1:9093,broker-2:9093");
    assertThat(kafka.groupId()).isEqualTo("procurement-service");
    assertThat(kafka.retryDelay()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(influx.token()).isEqualTo("s3cret");
    assertThat(influx.toString()).doesNotContain("s3cret");
    assertThat(influx.bucket()).isEqualTo("fleetscale");
    assertThat(procurement.horizonMonths()).isEqualTo(48);
    assertThat(procurement.currency()).isEqualTo("USD");
  }

  @Test
  void invalidConfigurationStopsTheStartNamingTheSetting() {
    assertThatThrownBy(() -> start("fleetscale.procurement.horizon-months", "0"))
        .hasStackTraceContaining(
            "ProcurementSettings.horizonMonths - must be greater than or equal to 1");
    assertThatThrownBy(() -> start("fleetscale.kafka.bootstrap-servers", " "))
        .hasStackTraceContaining("KafkaSettings.bootstrapServers - must not be blank");
    assertThatThrownBy(() -> start("fleetscale.kafka.retry-delay", "0s"))
        .hasStackTraceContaining(
            "KafkaSettings.retryDelay - must be a duration longer than zero");
    assertThatThrownBy(() -> start("fleetscale.influx.url", "not-a-url"))
        .hasStackTraceContaining("InfluxSettings.url - must be an http(s) URL");
  }

  private static void start(String key, String value) {
    ApplicationContext.run(Map.of("fleetscale.kafka.enabled", "false",
        "fleetscale.influx.enabled", "false", key, value)).close();
  }

  @Test
  void theTokenMayComeFromAFileButNotFromBoth() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("influx-token", "");
    try {
      java.nio.file.Files.writeString(file, "file-t0ken\n");
      InfluxSettings fromFile = new InfluxSettings("http://i:8086", null, file.toString(), "o", "b", true);
      assertThat(fromFile.effectiveToken()).isEqualTo("file-t0ken");
      assertThat(fromFile.toString()).doesNotContain("file-t0ken");
      assertThat(influx.effectiveToken()).isEqualTo("s3cret");
      assertThatThrownBy(() -> new InfluxSettings("http://i:8086", "s3cret", file.toString(), "o", "b", true)
          .effectiveToken())
          .hasMessage("fleetscale.influx.token-file: set either fleetscale.influx.token or fleetscale.influx.token-file, not both");
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  /**
   * The environment variables themselves, bound the way Micronaut binds the process environment
   * (ENVIRONMENT_VARIABLE convention): FLEETSCALE_INFLUX_TOKEN_FILE and
   * FLEETSCALE_KAFKA_PROPERTIES_FILE reach the file settings, and the token stays unset.
   */
  @Test
  void fileVariablesFromTheEnvironmentBindToTheFileSettings() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("influx-token", "");
    try {
      java.nio.file.Files.writeString(file, "env-file-t0ken\n");
      try (ApplicationContext context = ApplicationContext.builder()
          .properties(Map.of("fleetscale.kafka.enabled", "false", "fleetscale.influx.enabled", "false"))
          .propertySources(io.micronaut.context.env.PropertySource.of("test-env", Map.of(
              "FLEETSCALE_INFLUX_TOKEN_FILE", file.toString(),
              "FLEETSCALE_KAFKA_PROPERTIES_FILE", "/etc/fleetscale/secrets/kafka.properties"),
              io.micronaut.context.env.PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
          .start()) {
        InfluxSettings settings = context.getBean(InfluxSettings.class);
        assertThat(settings.tokenFile()).isEqualTo(file.toString());
        assertThat(settings.effectiveToken()).isEqualTo("env-file-t0ken");
        assertThat(context.getBean(KafkaSettings.class).propertiesFile())
            .isEqualTo("/etc/fleetscale/secrets/kafka.properties");
      }
    } finally {
      java.nio.file.Files.delete(file);
    }
  }
}
