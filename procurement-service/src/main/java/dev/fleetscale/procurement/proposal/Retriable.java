package dev.fleetscale.procurement.proposal;

import com.influxdb.exceptions.BadGatewayException;
import com.influxdb.exceptions.ForbiddenException;
import com.influxdb.exceptions.GatewayTimeoutException;
import com.influxdb.exceptions.InternalServerErrorException;
import com.influxdb.exceptions.NotFoundException;
import com.influxdb.exceptions.RequestTimeoutException;
import com.influxdb.exceptions.ServiceUnavailableException;
import com.influxdb.exceptions.UnauthorizedException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Whether handling a demand failed because of the record or because of the world around it. An
 * exception is retriable when it, or any exception in its cause chain, is an instance of one of
 * {@link #TYPES}: the same record will succeed once InfluxDB or Kafka is reachable (or its
 * credentials, ACLs or bucket are fixed). Anything else (a schema or domain error, InfluxDB's 400
 * for a point it rejects) would fail again on every attempt: the record is poison and goes to the
 * dead-letter topic. Decided from exception types only, never from messages.
 */
public final class Retriable {

  /** Exception types that mean "try the same record again later". */
  public static final List<Class<? extends Throwable>> TYPES = List.of(
      // Kafka: broker or leader unavailable, request timed out, not enough replicas...
      RetriableException.class,
      // Kafka: fixed by the operator (credentials, ACLs), not by changing the record.
      AuthenticationException.class,
      AuthorizationException.class,
      // Connection refused or reset, DNS, TLS handshake: the InfluxDB client wraps these.
      IOException.class,
      // The producer's send did not complete in time (KafkaProposalPublisher waits on it).
      TimeoutException.class,
      // InfluxDB answered, but not with a verdict on the point: down behind a proxy, overloaded,
      // or misconfigured (token, permissions, bucket missing).
      BadGatewayException.class,
      ServiceUnavailableException.class,
      GatewayTimeoutException.class,
      InternalServerErrorException.class,
      RequestTimeoutException.class,
      UnauthorizedException.class,
      ForbiddenException.class,
      NotFoundException.class);

  private Retriable() {}

  public static boolean isRetriable(Throwable error) {
    // Bounded walk: a cause chain can, in principle, loop.
    Throwable t = error;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      for (Class<? extends Throwable> type : TYPES) {
        if (type.isInstance(t)) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
