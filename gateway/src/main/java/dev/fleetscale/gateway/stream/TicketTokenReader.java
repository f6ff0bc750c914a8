package dev.fleetscale.gateway.stream;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Reads a stream ticket from {@code ?ticket=} on {@code GET /api/v1/stream} only, for
 * micronaut-security's token resolution (beside the bearer header); {@link TicketValidator}
 * redeems it.
 */
@Singleton
public class TicketTokenReader implements TokenReader<HttpRequest<?>> {

  static final String STREAM_PATH = "/api/v1/stream";

  @Override
  public Optional<String> findToken(HttpRequest<?> request) {
    if (!isStream(request)) {
      return Optional.empty();
    }
    return request.getParameters().getFirst("ticket").filter(t -> !t.isBlank());
  }

  static boolean isStream(HttpRequest<?> request) {
    return request.getMethod() == HttpMethod.GET && STREAM_PATH.equals(request.getPath());
  }

  @Override
  public int getOrder() {
    // After the bearer header: a client that sends both is identified by its token.
    return 100;
  }
}
