package dev.fleetscale.gateway.plan;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.tree.JsonNode;

/**
 * procurement-service's model-plan API ({@code /plans}), as {@code ProcurementClient} reaches
 * {@code /proposals}: the body passes through as JSON and procurement validates it, so a 400
 * names procurement's field and rule.
 */
@Client(id = "procurement", path = "/plans")
public interface PlanClient {

  @Post
  HttpResponse<JsonNode> submit(@Body JsonNode plan);

  @Post("/what-if")
  HttpResponse<JsonNode> whatIf(@Body JsonNode plan);
}
