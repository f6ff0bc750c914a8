package dev.fleetscale.procurement.catalog;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Read and replace the hardware catalog. */
@Controller("/catalog")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "catalog")
public class CatalogController {

  private final CatalogStore store;

  public CatalogController(CatalogStore store) {
    this.store = store;
  }

  @Get
  @Operation(summary = "The catalog in force, in the catalog file's shape (snake_case, the YAML"
      + " file's field names): PUT accepts what GET returns")
  public HardwareCatalog get() {
    return store.current();
  }

  @Put
  @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON,
      MediaType.TEXT_PLAIN})
  @Operation(summary = "Replace the catalog with a YAML (or JSON) document, written to the"
      + " configured catalog file first; 400 lists every bad field, 409 when no catalog file is"
      + " configured (the change would be lost at restart); the catalog in force stays on error")
  public HardwareCatalog replace(@Body String document) {
    return store.replace(document);
  }
}
