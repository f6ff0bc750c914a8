package dev.fleetscale.testkit.prometheus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code promtool} (Debian's {@code prometheus} package, 2.42) run over exposition text:
 * the same parser and linter Prometheus users run on a scrape.
 *
 * <p>{@code promtool check metrics} exits 0 when the text is clean, 3 when it parses but breaks a
 * naming rule (one line per problem: {@code <metric> <rule>}), and 1 when it does not parse at
 * all. {@link #checkMetrics} returns the lint lines for the first two and throws for the third,
 * so a test can accept a known, explained set of lint lines but never unparsable output.
 */
public final class Promtool {

  private static final Path DEFAULT_BINARY = Path.of("/usr/bin/promtool");
  private static final long TIMEOUT_SECONDS = 60;

  private Promtool() {}

  /** One line of {@code promtool check metrics} output. */
  public record Lint(String metric, String problem) {
    @Override
    public String toString() {
      return metric + " " + problem;
    }
  }

  /**
   * Runs {@code promtool check metrics} over {@code exposition}.
   *
   * @return the lint problems, each once, empty when the text is clean
   * @throws IllegalStateException if promtool is missing, cannot parse the text (with its
   *     message), or does not finish within a minute
   */
  public static List<Lint> checkMetrics(String exposition) {
    Path binary = binary();
    Process process;
    try {
      process = new ProcessBuilder(binary.toString(), "check", "metrics")
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    try (OutputStream in = process.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      process.destroyForcibly();
      throw new UncheckedIOException("cannot write to promtool", e);
    }
    int exit;
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("promtool check metrics did not finish within " + TIMEOUT_SECONDS + " s");
      }
      exit = process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while running promtool", e);
    }
    String text = output.join();
    if (exit != 0 && exit != 3) {
      throw new IllegalStateException("promtool check metrics rejected the text (exit " + exit + "): " + text.strip());
    }
    // promtool repeats a problem for every series of a family: each is kept once, in order.
    Set<Lint> lints = new LinkedHashSet<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int space = trimmed.indexOf(' ');
      if (space < 0) {
        throw new IllegalStateException("unexpected promtool output line: " + trimmed);
      }
      lints.add(new Lint(trimmed.substring(0, space), trimmed.substring(space + 1)));
    }
    if (exit == 3 && lints.isEmpty()) {
      throw new IllegalStateException("promtool exited 3 without naming a problem");
    }
    return List.copyOf(lints);
  }

  private static String readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(promtool output unreadable: " + e + ")";
    }
  }

  static Path binary() {
    String override = System.getenv("FLEETSCALE_PROMTOOL");
    Path binary = override == null || override.isBlank() ? DEFAULT_BINARY : Path.of(override);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "promtool not found: install it with `apt-get install -y prometheus` (looked for " + binary
              + "; set FLEETSCALE_PROMTOOL to use another)");
    }
    return binary;
  }
}
