package dev.fleetscale.agent.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

  /** All lines of a kernel file; an absent file is an empty list. */
  public static List<String> lines(Path file) throws IOException {
    try {
      return Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }

  /**
   * The trimmed first line of a small sysfs attribute, or empty where the file is absent, empty or
   * unreadable. Some attributes fail to read by design (a NIC's {@code speed} answers EINVAL while
   * the link is down), so an error here means "not known", not a fault.
   */
  public static Optional<String> attribute(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
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
