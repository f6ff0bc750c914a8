package dev.fleetscale.optimizer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time (user + system, from /proc/PID/stat) of this JVM and of its child processes (the
 * broker, influxd), so a benchmark can say where the machine's cores went during a phase: on a
 * 2-core machine the optimizer shares them with both servers.
 */
final class ProcessCpu {

  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private ProcessCpu() {}

  /** CPU ticks by a readable process name. */
  static Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    out.put("this JVM (optimizer + v2 write bridge)", ticks(ProcessHandle.current().pid()));
    threadGroups(out);
    ProcessHandle.current().children().forEach(child -> {
      String command = child.info().commandLine().orElse("");
      String name = command.contains("influxd") ? "influxd"
          : command.contains("kafka") ? "Kafka broker" : "other child " + child.pid();
      out.merge(name, ticks(child.pid()), Long::sum);
    });
    return out;
  }

  static void print(Map<String, Long> before, Map<String, Long> after, double samples,
      double seconds) {
    System.out.println("| process | CPU s | cores busy | CPU ms per 1,000 samples |");
    System.out.println("|---|---|---|---|");
    after.forEach((name, ticks) -> {
      double cpu = (ticks - before.getOrDefault(name, 0L)) / TICKS_PER_SECOND;
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.0f |%n", name, cpu, cpu / seconds,
          cpu * 1000 / samples * 1000);
    });
  }

  /**
   * This JVM's threads by kind ("  thread: vert.x-worker", "  thread: C2 compiler", ...): which
   * part of the optimizer, the JIT or the GC the CPU went to.
   */
  private static void threadGroups(Map<String, Long> out) {
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(task -> {
        try {
          String name = Files.readString(task.resolve("comm")).strip()
              .replaceAll("[0-9]+", "N").replaceAll("#N", "");
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.merge("  thread: " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]),
              Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended while we looked
        }
      });
    } catch (IOException e) {
      // no /proc: no per-thread figures
    }
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name (which may hold spaces) in parentheses.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
