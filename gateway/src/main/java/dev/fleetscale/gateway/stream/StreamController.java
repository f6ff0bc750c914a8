package dev.fleetscale.gateway.stream;

import dev.fleetscale.gateway.audit.Audited;
import dev.fleetscale.gateway.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reactivestreams.Publisher;

/**
 * The live stream: Server-Sent Events of pool summaries, new decisions and proposal changes
 * (docs/gateway.md, Live stream). Opened with {@code Authorization: Bearer} (curl, programs) or
 * with a single-use ticket in the query (browsers' {@code EventSource}).
 */
@Controller("/api/v1/stream")
@Tag(name = "stream")
public class StreamController {

  private final StreamHub hub;
  private final StreamTickets tickets;

  public StreamController(StreamHub hub, StreamTickets tickets) {
    this.hub = hub;
    this.tickets = tickets;
  }

  @Post("/tickets")
  @Secured(Role.VIEWER_NAME)
  @Status(HttpStatus.CREATED)
  @Audited("stream.ticket")
  @Operation(summary = "A single-use ticket, valid 30 s, to open the stream with EventSource,"
      + " which cannot send an Authorization header")
  public StreamTicket ticket(Authentication principal) {
    return tickets.issue(principal);
  }

  @Get(produces = MediaType.TEXT_EVENT_STREAM)
  @Secured(Role.VIEWER_NAME)
  @Operation(summary = "Server-Sent Events: pool (latest summaries first), decision, proposal and"
      + " ping; a client a whole buffer behind is dropped")
  public Publisher<Event<String>> stream(Authentication principal,
      @Parameter(description = "a stream ticket instead of the Authorization header")
      @Nullable @QueryValue String ticket) {
    return hub.subscribe(principal.getName()).map(e -> {
      Event<String> event = Event.of(e.json()).name(e.name());
      return e.id().isEmpty() ? event : event.id(e.id());
    });
  }
}
