package dev.fleetscale.gateway.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How a JWT from the identity provider maps to a principal ({@code fleetscale.gateway.jwt.*}).
 * Which JWTs are accepted at all is micronaut-security-jwt's configuration: the issuer's JWKS
 * ({@code micronaut.security.token.jwt.signatures.jwks.<name>.url}) and claim validators.
 *
 * @param nameClaim the claim that names the principal (recorded as approver and in the audit
 *     log), e.g. {@code preferred_username} or {@code email}; default {@code sub}
 * @param rolesClaim the claim with the principal's roles (a list or one string); the highest of
 *     viewer, operator, approver, admin among its values is the principal's role, others are
 *     ignored
 */
@ConfigurationProperties("fleetscale.gateway.jwt")
public record JwtSettings(
    @Bindable(defaultValue = "sub") String nameClaim,
    @Bindable(defaultValue = "roles") String rolesClaim) {}
