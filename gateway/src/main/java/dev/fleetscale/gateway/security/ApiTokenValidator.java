package dev.fleetscale.gateway.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Validates a bearer token (read by micronaut-security's {@code BearerTokenReader} from
 * {@code Authorization: Bearer …}) against the configured hashes. The principal's name is the
 * token's configured name; its roles are the configured role and every role below it.
 */
@Singleton
public class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {

  /** The attribute of the {@link Authentication} that holds the configured (highest) role. */
  public static final String ROLE_ATTRIBUTE = "role";

  private final TokenRegistry registry;

  public ApiTokenValidator(TokenRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    return registry.find(token)
        .<Publisher<Authentication>>map(t -> Publishers.just(Authentication.build(t.name(),
            t.role().granted(), Map.of(ROLE_ATTRIBUTE, t.role().id()))))
        .orElseGet(Publishers::empty);
  }
}
