package dev.fleetscale.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units of the agent, optimizer, procurement and gateway: {@code systemd-analyze
 * verify} finds nothing to say about them (where systemd-analyze exists; the test says so when it
 * does not), each starts the start script its distribution ships, and each secret is a credential
 * file paired with the {@code *_FILE} variable that names it.
 */
class SystemdUnitsTest {

  private static final Path UNITS = Path.of("systemd");
  private static final List<String> SERVICES = List.of("agent", "optimizer", "procurement", "gateway");

  @Test
  void systemdAnalyzeVerifiesEveryUnit() throws Exception {
    assumeTrue(analyzer(), "systemd-analyze is not installed here: units not verified");
    for (String service : SERVICES) {
      Path unit = UNITS.resolve("fleetscale-" + service + ".service");
      assertThat(verify(unit)).as(unit + ": systemd-analyze verify output").isEmpty();
    }
  }

  /** The check above can fail: a misspelt directive is reported. */
  @Test
  void systemdAnalyzeReportsAMisspeltDirective(@TempDir Path dir) throws Exception {
    assumeTrue(analyzer(), "systemd-analyze is not installed here: units not verified");
    Path unit = dir.resolve("fleetscale-optimizer.service");
    Files.writeString(unit, Files.readString(UNITS.resolve("fleetscale-optimizer.service"))
        .replace("RestartSec=5", "RestartSecs=5"));
    assertThat(verify(unit)).contains("RestartSecs");
  }

  @Test
  void unitsStartTheDistributionsScriptAndTakeSecretsAsCredentials() throws IOException {
    for (String service : SERVICES) {
      String unit = Files.readString(UNITS.resolve("fleetscale-" + service + ".service"));
      assertThat(unit).as(service).contains("/opt/fleetscale-" + service + "/bin/fleetscale-" + service)
          .contains("RestartPreventExitStatus=2");
      Matcher credential = Pattern.compile("(?m)^LoadCredential=([^:]+):(\\S+)$").matcher(unit);
      while (credential.find()) {
        String id = credential.group(1);
        assertThat(credential.group(2)).as(service + " credential " + id).startsWith("/etc/fleetscale/secrets/");
        assertThat(unit).as(service + " names credential " + id + " by a _FILE variable")
            .containsPattern("(?m)^Environment=FLEETSCALE_[A-Z_]+_FILE=%d/" + Pattern.quote(id) + "$");
      }
      assertThat(unit).as(service + ": no secret value in the unit")
          .doesNotContainPattern("(?m)^Environment=FLEETSCALE_[A-Z_]*(TOKEN|PASSWORD|TOKENS)=");
    }
    assertThat(Files.readString(UNITS.resolve("fleetscale-optimizer.service")))
        .contains("FLEETSCALE_INFLUX_TOKEN_FILE=%d/influx-token", "FLEETSCALE_KAFKA_PROPERTIES_FILE=%d/kafka.properties");
  }

  private static boolean analyzer() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "systemd-analyze"))) {
        return true;
      }
    }
    return false;
  }

  /** What systemd-analyze says about the unit; empty when it has nothing to say. */
  private static String verify(Path unit) throws Exception {
    Process p = new ProcessBuilder("systemd-analyze", "verify", unit.toAbsolutePath().toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // Lines about other units on this machine (its own, not ours) are not this test's business.
    return out.lines().filter(l -> l.contains(unit.getFileName().toString()) || l.contains("fleetscale"))
        .reduce("", (a, b) -> a + b + "\n").strip();
  }
}
