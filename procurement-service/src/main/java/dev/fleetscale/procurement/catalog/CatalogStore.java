package dev.fleetscale.procurement.catalog;

import dev.fleetscale.procurement.config.ProcurementSettings;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog in force. Loaded at start from {@code fleetscale.procurement.catalog-path}, or the
 * example catalog when none is set; a bad file stops the start with the list of problems.
 * Replacing it validates first, so an invalid document never replaces a valid catalog; when a
 * path is configured the new document is written there too (atomically), so it survives a
 * restart. Thread-safe.
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
    if (path != null) {
      try {
        Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), "catalog", ".yaml");
        Files.writeString(tmp, document, StandardCharsets.UTF_8);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new CatalogValidationException(
            List.of("catalog_path: cannot write " + path + ": " + e.getMessage()));
      }
    }
    current.set(next);
    LOG.info("hardware catalog replaced: {} servers, {} SSD options, {} network options",
        next.servers().size(), next.ssds().size(), next.networks().size());
    return next;
  }
}
