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
  @Operation(summary = "The catalog in force (snake_case JSON, the YAML file's field names)")
  public HardwareCatalog get() {
    return store.current();
  }

  @Put
  @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON,
      MediaType.TEXT_PLAIN})
  @Operation(summary = "Replace the catalog with a YAML (or JSON) document; 400 lists every bad"
      + " field and leaves the current catalog in force")
  public HardwareCatalog replace(@Body String document) {
    return store.replace(document);
  }
}
