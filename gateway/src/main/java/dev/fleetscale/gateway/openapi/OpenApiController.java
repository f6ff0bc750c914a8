package dev.fleetscale.gateway.openapi;

import dev.fleetscale.gateway.security.Role;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI document micronaut-openapi generated at compile time from the controllers
 * ({@code META-INF/swagger/fleetscale-gateway.yml} in the jar), at {@code /openapi}. Each
 * operation's {@code security} names the roles of its {@code @Secured}.
 */
@Controller("/openapi")
public class OpenApiController {

  static final String RESOURCE = "META-INF/swagger/fleetscale-gateway.yml";

  private final String document;

  public OpenApiController() {
    try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path: the build"
            + " generates it (micronaut-openapi)");
      }
      document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get
  @Secured(Role.VIEWER_NAME)
  @Produces("application/yaml")
  public HttpResponse<String> document() {
    return HttpResponse.ok(document);
  }
}
