package dev.fleetscale.gateway.stream;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Accepts a stream ticket as the credentials of {@code GET /api/v1/stream}, and nowhere else: the
 * principal and roles are those of the token the ticket was issued to. Redeeming uses the ticket
 * up.
 */
@Singleton
public class TicketValidator implements TokenValidator<HttpRequest<?>> {

  private final StreamTickets tickets;

  public TicketValidator(StreamTickets tickets) {
    this.tickets = tickets;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    if (!token.startsWith(StreamTickets.PREFIX) || !TicketTokenReader.isStream(request)) {
      return Publishers.empty();
    }
    return tickets.redeem(token).<Publisher<Authentication>>map(Publishers::just)
        .orElseGet(Publishers::empty);
  }
}
