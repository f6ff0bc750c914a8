package dev.fleetscale.agent.kernel;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the kernel's {@code /proc} and {@code /sys} trees are. On a host they are {@code /proc} and
 * {@code /sys}; in a container the host's trees are mounted elsewhere (for example {@code
 * /host/proc}); tests point them at fake trees.
 *
 * <p>Reads go straight to the files rather than through OSHI: OSHI reads the same files but keeps
 * its root in a process-wide setting (so a test cannot point two samplers at two trees), drops
 * fields we need (diskstats weighted time, NIC drops per direction) and re-reads
 * /sys/class/net/&lt;if&gt;/statistics one file per counter where /proc/net/dev gives all of them
 * in one read.
 *
 * @param proc the procfs root, e.g. {@code /proc}
 * @param sys the sysfs root, e.g. {@code /sys}
 */
public record KernelPaths(Path proc, Path sys) {

  public KernelPaths {
    Objects.requireNonNull(proc, "proc");
    Objects.requireNonNull(sys, "sys");
  }

  /** The host's own trees. */
  public static KernelPaths host() {
    return new KernelPaths(Path.of("/proc"), Path.of("/sys"));
  }

  /** {@code proc/<relative>}. */
  public Path proc(String relative) {
    return proc.resolve(relative);
  }

  /** {@code sys/<relative>}. */
  public Path sys(String relative) {
    return sys.resolve(relative);
  }

  /**
   * All lines of a kernel file; an absent file is an empty list.
   *
   * <p>Read with one reused buffer per thread and decoded as Latin-1 (kernel files are ASCII):
   * half the cost of {@link Files#readAllLines}, which matters at one read of each file per
   * second on every GPU host.
   */
  public static List<String> lines(Path file) throws IOException {
    String text;
    try {
      text = read(file);
    } catch (NoSuchFileException | FileNotFoundException e) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(text.substring(start, i));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

  /** The whole file as text. procfs files report size 0, so read until end of file. */
  private static String read(Path file) throws IOException {
    byte[] buffer = BUFFER.get();
    int length = 0;
    try (FileInputStream in = new FileInputStream(file.toFile())) {
      int n;
      while ((n = in.read(buffer, length, buffer.length - length)) > 0) {
        length += n;
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
          BUFFER.set(buffer);
        }
      }
    }
    return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
  }

  /**
   * The trimmed first line of a small sysfs attribute, or empty where the file is absent, empty or
   * unreadable. Some attributes fail to read by design (a NIC's {@code speed} answers EINVAL while
   * the link is down), so an error here means "not known", not a fault.
   */
  public static Optional<String> attribute(Path file) {
    try {
      String text = read(file).trim();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /** A small sysfs attribute as a signed long, or empty where absent or not a number. */
  public static Optional<Long> longAttribute(Path file) {
    return attribute(file).flatMap(KernelPaths::parseLong);
  }

  private static Optional<Long> parseLong(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

}
