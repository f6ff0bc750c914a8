package dev.fleetscale.procurement.catalog;

/**
 * A valid catalog that cannot replace the one in force because it would not survive a restart:
 * no catalog file is configured. Answered 409; the catalog in force stays.
 */
public final class CatalogNotWritableException extends RuntimeException {

  public CatalogNotWritableException(String message) {
    super(message);
  }
}
