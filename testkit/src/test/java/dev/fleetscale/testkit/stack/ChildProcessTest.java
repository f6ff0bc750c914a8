package dev.fleetscale.testkit.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

  @TempDir Path dir;

  @AfterEach
  void removeListener() {
    ChildProcess.onUnexpectedExit(null);
  }

  @Test
  void aChildThatExitsOnItsOwnIsReportedWithItsStatusAndLastOutput() throws Exception {
    CompletableFuture<ChildProcess.Exit> reported = new CompletableFuture<>();
    ChildProcess.onUnexpectedExit(reported::complete);

    ChildProcess child = ChildProcess.start("crasher",
        List.of("sh", "-c", "echo starting; sleep 0.2; echo 'disk full' >&2; exit 3"), dir);

    ChildProcess.Exit exit = reported.get(20, TimeUnit.SECONDS);
    assertThat(exit.name()).isEqualTo("crasher");
    assertThat(exit.pid()).isEqualTo(child.pid());
    assertThat(exit.status()).isEqualTo(3);
    assertThat(exit.tail()).isEqualTo("starting\ndisk full");
    assertThat(exit.describe()).startsWith("crasher (pid " + child.pid() + ") exited with status 3; its last output:\n")
        .endsWith("disk full");
  }

  @Test
  void aChildKilledBySignalReportsTheShellStatus() throws Exception {
    CompletableFuture<ChildProcess.Exit> reported = new CompletableFuture<>();
    ChildProcess.onUnexpectedExit(reported::complete);

    ChildProcess child = ChildProcess.start("victim", List.of("sleep", "30"), dir);
    new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();

    assertThat(reported.get(20, TimeUnit.SECONDS).status()).isEqualTo(128 + 9);
  }

  @Test
  void childrenStoppedOnPurposeOrRunToCompletionAreNotReported() throws Exception {
    CompletableFuture<ChildProcess.Exit> reported = new CompletableFuture<>();
    ChildProcess.onUnexpectedExit(reported::complete);

    ChildProcess.run("formatter", List.of("sh", "-c", "echo formatted"), dir, Duration.ofSeconds(20));
    ChildProcess server = ChildProcess.start("server", List.of("sleep", "30"), dir);
    server.kill(Duration.ofSeconds(5));
    assertThat(server.isAlive()).isFalse();
    // A child reported after all would arrive within the 2 s the report waits for its output.
    ChildProcess.start("marker", List.of("sh", "-c", "exit 7"), dir);

    assertThat(reported.get(20, TimeUnit.SECONDS).name()).isEqualTo("marker");
  }
}
