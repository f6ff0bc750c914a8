package dev.fleetscale.agent.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A writable copy of the fake host tree in src/test/resources/fake-host (proc/ and sys/), so a
 * test can change counters between two samples.
 */
public final class FakeKernel {

  private final Path root;

  private FakeKernel(Path root) {
    this.root = root;
  }

  /** Copies the fake host tree into {@code dir}. */
  public static FakeKernel copyInto(Path dir) {
    try {
      Path source = Path.of(FakeKernel.class.getResource("/fake-host").toURI());
      try (Stream<Path> files = Files.walk(source)) {
        for (Path from : (Iterable<Path>) files::iterator) {
          Path to = dir.resolve(source.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return new FakeKernel(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public KernelPaths paths() {
    return new KernelPaths(root.resolve("proc"), root.resolve("sys"));
  }

  public Path root() {
    return root;
  }

  /** Replaces a file's content (creating folders as needed), e.g. {@code write("proc/stat", ...)}. */
  public FakeKernel write(String relative, String... lines) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.write(file, List.of(lines), StandardCharsets.US_ASCII);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a file or an empty folder. */
  public FakeKernel delete(String relative) {
    try {
      Files.deleteIfExists(root.resolve(relative));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
