package dev.fleetscale.testkit.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A server started as a child process (a Kafka broker JVM, influxd), with the last lines of its
 * merged stdout/stderr kept for error messages.
 *
 * <p>Every child started here is registered with one JVM shutdown hook that kills it, so no server
 * outlives the tests or the local stack, even when a test forgets to close it. A server that exits
 * on its own (not through {@link #kill}) is reported to the listener set with
 * {@link #onUnexpectedExit}, with its exit status and last output. Thread-safe.
 */
public final class ChildProcess {

  private static final int TAIL_LINES = 40;
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static volatile Consumer<Exit> unexpectedExitListener;
  private static volatile boolean reaping;

  /**
   * A child that exited without being asked to.
   *
   * @param name the name it was started with
   * @param pid its process id
   * @param status its exit status (128 + n for a signal n, as a shell reports it)
   * @param tail its last output lines
   */
  public record Exit(String name, long pid, int status, String tail) {

    /** One line, then the output: for a log or a terminal. */
    public String describe() {
      return name + " (pid " + pid + ") exited with status " + status + "; its last output:\n" + tail;
    }
  }

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::reapAll, "testkit-child-reaper"));
  }

  /**
   * Children still alive when the JVM exits get SIGTERM (Kafka then shuts down cleanly), and
   * SIGKILL if they are still there after 10 s.
   */
  private static void reapAll() {
    reaping = true;
    LIVE.forEach(Process::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Process process : LIVE) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * Sets the one listener told about every child (started with {@link #start}) that exits while
   * nobody asked it to: not through {@link #kill}, and not while the JVM shuts down. It runs on a
   * JDK thread after the child's output has been read to its end. {@code null} removes it.
   *
   * @return the listener it replaces, or null
   */
  public static Consumer<Exit> onUnexpectedExit(Consumer<Exit> listener) {
    Consumer<Exit> previous = unexpectedExitListener;
    unexpectedExitListener = listener;
    return previous;
  }

  private final String name;
  private final Process process;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread pump;
  private volatile boolean exitExpected;

  private ChildProcess(String name, Process process, boolean exitExpected) {
    this.name = name;
    this.process = process;
    this.exitExpected = exitExpected;
    LIVE.add(process);
    pump = new Thread(this::pumpOutput, name + "-output");
    pump.setDaemon(true);
    pump.start();
    process.onExit().thenRun(this::exited);
  }

  private void exited() {
    LIVE.remove(process);
    Consumer<Exit> listener = unexpectedExitListener;
    if (exitExpected || reaping || listener == null) {
      return;
    }
    try {
      pump.join(TimeUnit.SECONDS.toMillis(2)); // the last lines are the ones that say why
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!exitExpected && !reaping) {
      listener.accept(new Exit(name, process.pid(), process.exitValue(), tail()));
    }
  }

  /**
   * Starts {@code command} in {@code workDir}.
   *
   * @param name short name used in thread names and error messages
   */
  public static ChildProcess start(String name, List<String> command, Path workDir) {
    return start(name, command, workDir, false);
  }

  private static ChildProcess start(String name, List<String> command, Path workDir, boolean exitExpected) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      return new ChildProcess(name, process, exitExpected);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /**
   * Runs {@code command} to completion and fails, with its output, unless it exits with 0 within
   * {@code timeout}.
   */
  public static void run(String name, List<String> command, Path workDir, Duration timeout) {
    ChildProcess child = start(name, command, workDir, true);
    try {
      if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        child.kill(Duration.ofSeconds(2));
        throw new IllegalStateException(
            name + " did not finish within " + timeout + "; last output:\n" + child.tail());
      }
      if (child.process.exitValue() != 0) {
        throw new IllegalStateException(
            name + " exited with " + child.process.exitValue() + "; last output:\n" + child.tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.kill(Duration.ZERO);
      throw new IllegalStateException("interrupted while running " + name, e);
    } finally {
      LIVE.remove(child.process);
    }
  }

  /**
   * Polls {@code ready} every 50 ms until it holds. Fails at once if the child exits, and after
   * {@code timeout} otherwise; both errors carry the child's last output lines.
   */
  public void awaitReady(String what, Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before " + what + "; last output:\n"
                + tail());
      }
      if (ready.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " not " + what + " within " + timeout + "; last output:\n" + tail());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
  }

  /** The operating system's process id. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Resident set size in KiB from /proc (Linux only); empty where unknown or exited. */
  public OptionalLong residentSetKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or the process is gone: unknown.
    }
    return OptionalLong.empty();
  }

  /** The last lines the child wrote (stdout and stderr merged). */
  public String tail() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  /**
   * Asks the child to stop (SIGTERM), waits up to {@code grace}, then kills it (SIGKILL) and waits
   * for it to be gone, so its ports are free when this returns.
   */
  public void kill(Duration grace) {
    exitExpected = true;
    try {
      process.destroy();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      LIVE.remove(process);
    }
  }

  private void pumpOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (tail) {
          if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
          }
          tail.addLast(line);
        }
      }
    } catch (IOException e) {
      // The child closed its output: nothing more to keep.
    }
  }
}
