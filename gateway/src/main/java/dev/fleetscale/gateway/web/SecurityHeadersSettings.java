package dev.fleetscale.gateway.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The security headers on every answer ({@code fleetscale.gateway.headers.*}).
 *
 * @param contentSecurityPolicy the console's policy: its own scripts and styles only, no framing
 */
@ConfigurationProperties("fleetscale.gateway.headers")
public record SecurityHeadersSettings(
    @Bindable(defaultValue = "default-src 'self'; script-src 'self'; style-src 'self';"
        + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
        + " form-action 'self'; frame-ancestors 'none'") String contentSecurityPolicy) {}
