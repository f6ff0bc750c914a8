package dev.fleetscale.gateway.console;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers on the console's pages and files. The Content-Security-Policy allows only the
 * gateway's own scripts, styles and API (no inline script, no eval, no other origin, no framing),
 * so that a value shown in the console (a reason, a pool name) can never run as script even if
 * it contained markup; the console also renders every value as text.
 */
@ServerFilter({"/console", "/console/**"})
public class ConsoleHeaders {

  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none';"
      + " form-action 'self'; frame-ancestors 'none'";

  @ResponseFilter
  public void headers(MutableHttpResponse<?> response) {
    response.header("Content-Security-Policy", CSP);
    response.header("X-Content-Type-Options", "nosniff");
    response.header("X-Frame-Options", "DENY");
    response.header("Referrer-Policy", "no-referrer");
    response.header("Cross-Origin-Opener-Policy", "same-origin");
    response.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // The files change with the jar; the browser revalidates rather than using a stale console.
    response.header("Cache-Control", "no-cache");
  }
}
