package dev.fleetscale.gateway.security;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.DefaultJwtAuthenticationFactory;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verified JWT (micronaut-security-jwt checked its signature against the issuer's JWKS and its
 * claims) as a principal like an API token's: the name from {@link JwtSettings#nameClaim()}, the
 * highest Fleetscale role among {@link JwtSettings#rolesClaim()}'s values, and every role below it.
 * A JWT without a name or without a Fleetscale role authenticates no one (401).
 */
@Singleton
@Replaces(DefaultJwtAuthenticationFactory.class)
public class JwtPrincipals implements JwtAuthenticationFactory {

  private static final Logger LOG = LoggerFactory.getLogger(JwtPrincipals.class);

  private final JwtSettings settings;

  public JwtPrincipals(JwtSettings settings) {
    this.settings = settings;
  }

  @Override
  public Optional<Authentication> createAuthentication(JWT token) {
    JWTClaimsSet claims;
    try {
      claims = token.getJWTClaimsSet();
    } catch (ParseException e) {
      return Optional.empty();
    }
    Object name = claims.getClaim(settings.nameClaim());
    Optional<Role> role = role(claims.getClaim(settings.rolesClaim()));
    if (!(name instanceof String n) || n.isBlank() || role.isEmpty()) {
      LOG.debug("JWT without {} or without a Fleetscale role in {}: not authenticated",
          settings.nameClaim(), settings.rolesClaim());
      return Optional.empty();
    }
    return Optional.of(Authentication.build(n, role.get().granted(),
        Map.of(ApiTokenValidator.ROLE_ATTRIBUTE, role.get().id())));
  }

  static Optional<Role> role(Object claim) {
    Collection<?> values = claim instanceof Collection<?> c ? c
        : claim instanceof String s ? List.of(s.split("[,\\s]+")) : List.of();
    return values.stream().map(String::valueOf).flatMap(v -> {
      try {
        return java.util.stream.Stream.of(Role.of(v));
      } catch (IllegalArgumentException e) {
        return java.util.stream.Stream.empty();
      }
    }).max(Comparator.naturalOrder());
  }
}
