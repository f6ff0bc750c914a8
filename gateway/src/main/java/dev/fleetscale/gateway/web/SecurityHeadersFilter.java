package dev.fleetscale.gateway.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Security headers on every answer, the API's and the console's, errors included: no MIME
 * sniffing, no framing (clickjacking), no referrer leaving the console, a Content-Security-Policy
 * that allows the console's own files only, and {@code Cache-Control: no-store} on the API
 * (answers hold fleet data and are per token). A header a route set itself is kept.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SecurityHeadersFilter implements Ordered {

  private final SecurityHeadersSettings settings;

  public SecurityHeadersFilter(SecurityHeadersSettings settings) {
    this.settings = settings;
  }

  /** Outermost, so that every answer passes it, the security filter's 401 and 403 included. */
  @Override
  public int getOrder() {
    return ServerFilterPhase.FIRST.order();
  }

  @ResponseFilter
  public void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
    var h = response.getHeaders();
    setIfAbsent(response, "X-Content-Type-Options", "nosniff");
    setIfAbsent(response, "X-Frame-Options", "DENY");
    setIfAbsent(response, "Referrer-Policy", "no-referrer");
    setIfAbsent(response, "Content-Security-Policy", settings.contentSecurityPolicy());
    setIfAbsent(response, "Cross-Origin-Opener-Policy", "same-origin");
    if (request.getPath().startsWith("/api/") && h.get("Cache-Control") == null) {
      response.header("Cache-Control", "no-store");
    }
  }

  private static void setIfAbsent(MutableHttpResponse<?> response, String name, String value) {
    if (response.getHeaders().get(name) == null) {
      response.header(name, value);
    }
  }
}
