package dev.fleetscale.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.gateway.error.ApiException;
import io.micronaut.security.authentication.Authentication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamTicketsTest {

  /** A clock the test moves. */
  private static final class Moving extends Clock {
    Instant now = Instant.parse("2026-12-02T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Moving clock = new Moving();
  private final StreamTickets tickets = new StreamTickets(
      new StreamSettings(16, Duration.ofSeconds(30), 3, Duration.ofSeconds(15)), clock);
  private final Authentication vera = Authentication.build("vera", List.of("viewer"),
      Map.of("role", "viewer"));

  @Test
  void aTicketIsRedeemedOnceForItsPrincipal() {
    StreamTicket t = tickets.issue(vera);
    assertThat(t.ticket()).startsWith("fst_").hasSizeGreaterThan(40);
    assertThat(t.expiresAt()).isEqualTo(clock.now.plusSeconds(30));
    assertThat(t.streamUrl()).isEqualTo("/api/v1/stream?ticket=" + t.ticket());
    assertThat(tickets.redeem(t.ticket())).hasValueSatisfying(a ->
        assertThat(a.getName()).isEqualTo("vera"));
    assertThat(tickets.redeem(t.ticket())).as("single use").isEmpty();
    assertThat(tickets.held()).isZero();
  }

  @Test
  void anExpiredOrUnknownTicketIsRefused() {
    StreamTicket t = tickets.issue(vera);
    clock.now = clock.now.plusSeconds(30);
    assertThat(tickets.redeem(t.ticket())).isEmpty();
    assertThat(tickets.redeem("fst_unknown")).isEmpty();
    assertThat(tickets.redeem("an-api-token")).isEmpty();
    assertThat(tickets.redeem(null)).isEmpty();
  }

  @Test
  void unusedTicketsAreBoundedAndExpiredOnesMakeRoom() {
    for (int i = 0; i < 3; i++) {
      tickets.issue(vera);
    }
    assertThatThrownBy(() -> tickets.issue(vera)).isInstanceOf(ApiException.class)
        .hasMessageContaining("too many unused stream tickets (3)");
    clock.now = clock.now.plusSeconds(31);
    assertThat(tickets.issue(vera).ticket()).startsWith("fst_");
    assertThat(tickets.held()).isEqualTo(1);
  }

  @Test
  void ticketsAreDistinct() {
    assertThat(tickets.issue(vera).ticket()).isNotEqualTo(tickets.issue(vera).ticket());
  }
}
