package dev.fleetscale.gateway.audit;

import dev.fleetscale.gateway.error.ApiError;
import dev.fleetscale.gateway.security.ApiTokenValidator;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Writes an audit record for every state-changing call (any method but GET, HEAD and OPTIONS),
 * whatever its answer: allowed, denied by security (it runs outside micronaut-security's filter),
 * refused or failed. The action is the route's {@link Audited} name, or {@code METHOD path} for a
 * route without one; the target is the route's {@code id} variable.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuditFilter implements Ordered {

  private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD,
      HttpMethod.OPTIONS);

  private final AuditLog log;
  private final HttpClientAddressResolver addresses;
  private final Clock clock = Clock.systemUTC();

  public AuditFilter(AuditLog log, HttpClientAddressResolver addresses) {
    this.log = log;
    this.addresses = addresses;
  }

  @Override
  public int getOrder() {
    // Before security on the way in, so after it on the way out: a 401 or 403 is audited too.
    return ServerFilterPhase.METRICS.after();
  }

  @ResponseFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  public void audit(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (READS.contains(request.getMethod())) {
      return;
    }
    Optional<Authentication> who = request.getUserPrincipal(Authentication.class);
    Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
    String action = route.flatMap(m -> m.getAnnotationMetadata().stringValue(Audited.class))
        .orElse(request.getMethodName() + " " + request.getPath());
    String target = route.filter(m -> m instanceof UriRouteMatch<?, ?>)
        .map(m -> ((UriRouteMatch<?, ?>) m).getVariableValues().get("id"))
        .map(String::valueOf).orElse("");
    int status = response.code();
    String message = status >= 300
        ? response.getBody(ApiError.class).map(ApiError::message).orElse(response.reason())
        : null;
    log.write(new AuditRecord(clock.instant(),
        who.map(Authentication::getName).orElse("anonymous"),
        who.map(a -> String.valueOf(a.getAttributes().get(ApiTokenValidator.ROLE_ATTRIBUTE)))
            .orElse("none"),
        action, target, addresses.resolve(request), request.getMethodName(), request.getPath(),
        status, AuditRecord.result(status), message));
  }
}
