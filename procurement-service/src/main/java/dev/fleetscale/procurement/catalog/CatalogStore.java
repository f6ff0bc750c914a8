package dev.fleetscale.procurement.catalog;

import dev.fleetscale.procurement.config.ProcurementSettings;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog in force. Loaded at start from {@code fleetscale.procurement.catalog-path}, or the
 * example catalog when none is set; a bad file stops the start with the list of problems.
 * Replacing it validates first, so an invalid document never replaces a valid catalog, then
 * writes the document to the catalog file (atomically) before it takes effect, so what is in
 * force is what the next start loads. Without a catalog file a replacement would be lost at the
 * next restart, so it is refused ({@link CatalogNotWritableException}). Thread-safe.
 */
@Singleton
public class CatalogStore {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogStore.class);

  private final CatalogLoader loader = new CatalogLoader();
  private final Path path;
  private final AtomicReference<HardwareCatalog> current = new AtomicReference<>();

  public CatalogStore(ProcurementSettings settings) {
    this.path = settings.catalogPath() == null || settings.catalogPath().isBlank()
        ? null : Path.of(settings.catalogPath());
    if (path == null) {
      current.set(loader.loadDefault());
      LOG.info("using the example hardware catalog ({}); its figures are not quotes",
          CatalogLoader.DEFAULT_RESOURCE);
    } else {
      current.set(loader.load(path));
      LOG.info("hardware catalog loaded from {}", path);
    }
  }

  public HardwareCatalog current() {
    return current.get();
  }

  /**
   * Validates and installs a new catalog document (YAML or JSON).
   *
   * @throws CatalogValidationException listing every problem; the current catalog stays
   */
  public synchronized HardwareCatalog replace(String document) {
    HardwareCatalog next = loader.parse(document);
    if (path == null) {
      throw new CatalogNotWritableException("catalog: not replaced, because no catalog file is"
          + " configured and the new catalog would be lost at the next restart; set"
          + " fleetscale.procurement.catalog-path (FLEETSCALE_PROCUREMENT_CATALOG_PATH) to a"
          + " writable YAML file. The example catalog stays in force.");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(path.toAbsolutePath().getParent(), ".catalog", ".yaml");
      Files.writeString(tmp, document, StandardCharsets.UTF_8);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new CatalogNotWritableException("catalog: not replaced, because " + path
          + " cannot be written (" + why(e) + "). The catalog in force stays.");
    }
    current.set(next);
    LOG.info("hardware catalog replaced: {} servers, {} SSD options, {} network options",
        next.servers().size(), next.ssds().size(), next.networks().size());
    return next;
  }

  /** Whether {@link #replace} can persist a new catalog (a catalog file is configured). */
  public boolean writable() {
    return path != null;
  }

  private static String why(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "its directory does not exist";
    }
    return e.getMessage();
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // The write failed already; that is what gets reported.
      }
    }
  }
}
