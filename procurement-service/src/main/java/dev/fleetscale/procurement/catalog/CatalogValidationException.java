package dev.fleetscale.procurement.catalog;

import java.util.List;

/**
 * A catalog document that cannot be used. Each problem names the field by its path in the
 * document, for example {@code servers[2].gpus_per_server: must be > 0}.
 */
public final class CatalogValidationException extends RuntimeException {

  private final List<String> problems;

  public CatalogValidationException(List<String> problems) {
    super("invalid hardware catalog: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
