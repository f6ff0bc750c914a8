package dev.fleetscale.gateway.stream;

import dev.fleetscale.gateway.error.ApiException;
import dev.fleetscale.gateway.security.TokenRegistry;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use stream tickets. A browser's {@code EventSource} cannot send an
 * {@code Authorization} header, so a client with a bearer token first asks for a ticket
 * ({@code POST /api/v1/stream/tickets}) and opens {@code /api/v1/stream?ticket=…}. A ticket holds
 * the principal and roles of the token that asked for it, is valid for
 * {@code fleetscale.gateway.stream.ticket-ttl} (30 s), opens one stream once, and only the stream:
 * because it travels in a URL (and so may reach an access log), it is worth nothing once used or
 * expired. Tickets are kept by their SHA-256, like API tokens.
 */
@Singleton
public class StreamTickets {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Ticket prefix, so that a ticket is never mistaken for an API token in a log or a report. */
  static final String PREFIX = "fst_";

  private final StreamSettings settings;
  private final Clock clock;
  private final Map<String, Held> byHash = new ConcurrentHashMap<>();

  public StreamTickets(StreamSettings settings) {
    this(settings, Clock.systemUTC());
  }

  StreamTickets(StreamSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** A new ticket for {@code who}; 503 when {@code max-tickets} unused tickets are held. */
  public StreamTicket issue(Authentication who) {
    if (byHash.size() >= settings.maxTickets()) {
      purge();
      if (byHash.size() >= settings.maxTickets()) {
        throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "too many unused stream tickets ("
            + settings.maxTickets() + "); try again in " + settings.ticketTtl().toSeconds() + " s");
      }
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String ticket = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expires = clock.instant().plus(settings.ticketTtl());
    byHash.put(TokenRegistry.sha256(ticket), new Held(who, expires));
    return new StreamTicket(ticket, expires, "/api/v1/stream?ticket=" + ticket);
  }

  /** The ticket's principal, once: the ticket is gone after this call, used or not valid. */
  public Optional<Authentication> redeem(String ticket) {
    if (ticket == null || !ticket.startsWith(PREFIX)) {
      return Optional.empty();
    }
    Held held = byHash.remove(TokenRegistry.sha256(ticket));
    if (held == null || !clock.instant().isBefore(held.expires())) {
      return Optional.empty();
    }
    return Optional.of(held.who());
  }

  /** Unused tickets held now. */
  public int held() {
    return byHash.size();
  }

  @Scheduled(fixedDelay = "30s")
  void purge() {
    Instant now = clock.instant();
    byHash.values().removeIf(h -> !now.isBefore(h.expires()));
  }

  private record Held(Authentication who, Instant expires) {}
}
