package dev.fleetscale.gateway.stream;

/**
 * One Server-Sent Event of the live stream, serialised once and written as it is to every
 * subscriber.
 *
 * @param name the SSE {@code event:} field: {@code pool}, {@code decision}, {@code proposal} or
 *     {@code ping}
 * @param id the SSE {@code id:} field: the CloudEvents id of the Kafka record it came from (empty
 *     for pings)
 * @param json the {@code data:} field, one line of JSON
 */
public record StreamEvent(String name, String id, String json) {

  public static final String POOL = "pool";
  public static final String DECISION = "decision";
  public static final String PROPOSAL = "proposal";
  public static final String PING = "ping";
}
