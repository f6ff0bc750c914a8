package dev.fleetscale.agent.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.testkit.nvml.NvmlScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line probe against the stub: what it prints and how it exits. */
class NvmlProbeTest {

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void forgetScenario() {
    StubControl.useScenario(StubControl.current(), null);
  }

  private int probe(String... args) {
    return NvmlProbe.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsVersionsEveryFieldAndWhatWasAbsent() {
    Path file = NvmlScenario.create().driverVersion("550.54.15").nvmlVersion("12.550.54.15").typicalH200(0)
        .writeTo(dir.resolve("scenario"));
    StubControl.useScenario(StubControl.current(), file);

    int rc = probe("--library", StubControl.current(), "--reads", "2");

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(rc).isEqualTo(NvmlProbe.EXIT_OK);
    assertThat(text).contains("driver version: 550.54.15", "NVML version: 12.550.54.15", "device count: 1",
        "temperatureC = 61", "powerUsageWatts = 512.345", "fanSpeedPercent = (absent)",
        "failed: nvmlDeviceGetFanSpeed -> NOT_SUPPORTED", "read 2 took");
  }

  @Test
  void missingLibraryExitsNonZeroWithAMessage(@TempDir Path empty) {
    int rc = probe("--library", empty.toString());

    assertThat(rc).isEqualTo(NvmlProbe.EXIT_NO_LIBRARY);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("NVML library missing: ");
  }

  @Test
  void failingInitExitsNonZeroWithTheReason() {
    Path file = NvmlScenario.create().error("nvmlInit_v2", Nvml.NVML_ERROR_DRIVER_NOT_LOADED).writeTo(dir.resolve("scenario"));
    StubControl.useScenario(StubControl.current(), file);

    int rc = probe("--library", StubControl.current());

    assertThat(rc).isEqualTo(NvmlProbe.EXIT_NOT_INITIALISED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("DRIVER_NOT_LOADED");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(probe("--reads", "0")).isEqualTo(NvmlProbe.EXIT_USAGE);
    assertThat(probe("--bogus")).isEqualTo(NvmlProbe.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: NvmlProbe");
  }
}
