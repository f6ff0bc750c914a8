package dev.fleetscale.gateway.proposal;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.tree.JsonNode;

/**
 * procurement-service's REST API ({@code /proposals}), through Micronaut's declarative HTTP
 * client; the service's URL is {@code micronaut.http.services.procurement.url}
 * ({@code FLEETSCALE_GATEWAY_PROCUREMENT_URL}). Proposals pass through as JSON, in procurement's
 * shape. A 4xx or 5xx answer is thrown as {@code HttpClientResponseException}: the methods answer
 * {@code HttpResponse}, because for a plain body type the declarative client turns a 404 into
 * {@code null}, losing procurement's message.
 */
@Client(id = "procurement", path = "/proposals")
public interface ProcurementClient {

  @Get("{?pool,status}")
  HttpResponse<JsonNode> list(@Nullable @QueryValue String pool, @Nullable @QueryValue String status);

  @Get("/{id}")
  HttpResponse<JsonNode> get(@PathVariable String id);

  /** {@code action}: approve, reject, order or deliver. */
  @Post("/{id}/{action}")
  HttpResponse<JsonNode> transition(@PathVariable String id, @PathVariable String action,
      @Body ProcurementDecision decision);

  /**
   * procurement-service's decision body: {@code by} is always the authenticated principal.
   */
  @io.micronaut.serde.annotation.Serdeable
  record ProcurementDecision(String by, @Nullable String reason) {}
}
