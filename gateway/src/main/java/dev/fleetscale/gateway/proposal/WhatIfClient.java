package dev.fleetscale.gateway.proposal;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.tree.JsonNode;

/**
 * procurement-service's what-if solve ({@code POST /what-if}): a requirement solved without
 * storing anything. The body passes through as JSON; procurement checks it (every 400 names the
 * field) and the gateway passes its answer through.
 */
@Client(id = "procurement")
public interface WhatIfClient {

  @Post("/what-if")
  HttpResponse<JsonNode> solve(@Body JsonNode requirement);
}
