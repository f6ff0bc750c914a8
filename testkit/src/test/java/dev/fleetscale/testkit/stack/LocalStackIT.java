package dev.fleetscale.testkit.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack as {@code ./fleetscale run} starts it: a JVM of its own, watched from outside. */
class LocalStackIT {

  @TempDir Path dir;

  @Test
  void whenInfluxdDiesTheStackSaysSoWithItsLastOutputStopsKafkaAndExits1() throws Exception {
    int kafkaPort = freePair();
    int influxdPort = freePair();
    Path output = dir.resolve("stack.log");
    ProcessBuilder builder = new ProcessBuilder(
        List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            LocalStack.class.getName(), Integer.toString(kafkaPort)))
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().put("FLEETSCALE_STACK_DIR", dir.resolve("data").toString());
    builder.environment().put("FLEETSCALE_INFLUX_PORT", Integer.toString(LoopbackPorts.free()));
    builder.environment().put("FLEETSCALE_INFLUXD_PORT", Integer.toString(influxdPort));
    Process stack = builder.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!Files.readString(output).contains("fleetscale local stack ready")) {
        assertThat(stack.isAlive()).as("stack alive; output so far:\n%s", Files.readString(output)).isTrue();
        assertThat(System.nanoTime()).as("stack ready within 180 s").isLessThan(deadline);
        Thread.sleep(200);
      }
      ProcessHandle influxd = child(stack, "/influxd");
      ProcessHandle kafka = child(stack, "/java"); // the broker JVM, the stack's one Java child

      influxd.destroyForcibly();

      assertThat(stack.waitFor(60, TimeUnit.SECONDS)).as("stack exits after influxd died").isTrue();
      assertThat(stack.exitValue()).isEqualTo(1);
      assertThat(Files.readString(output))
          .contains("fleetscale local stack: influxd:" + influxdPort + " (pid " + influxd.pid()
              + ") exited with status 137; its last output:\n");
      assertThat(kafka.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("kafka stopped").isFalse();
    } finally {
      stack.descendants().forEach(ProcessHandle::destroyForcibly);
      stack.destroyForcibly();
    }
  }

  private static ProcessHandle child(Process parent, String executable) {
    return parent.children()
        .filter(p -> p.info().command().orElse("").endsWith(executable))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no child running " + executable));
  }

  /** A free loopback port whose next port is free too (the stack uses both). */
  private static int freePair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = LoopbackPorts.free();
      try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no two consecutive free loopback ports");
  }
}
