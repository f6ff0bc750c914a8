package dev.fleetscale.gateway.error;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import dev.fleetscale.gateway.security.ApiTokenValidator;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;

/**
 * Gives the framework's own errors (unknown route, wrong method or media type, and
 * micronaut-security's 401 and 403) the {@link ApiError} shape.
 */
@Singleton
@Primary
public class ApiErrorBodyProvider implements JsonErrorResponseBodyProvider<ApiError> {

  @Override
  public ApiError body(ErrorContext context, HttpResponse<?> response) {
    List<String> details = context.getErrors().stream()
        .map(e -> e.getPath().map(p -> p + ": ").orElse("") + e.getMessage())
        .toList();
    String message = switch (response.code()) {
      case 401 -> "a bearer token is required (Authorization: Bearer <token>): none was sent,"
          + " or it is not a configured token";
      case 403 -> forbidden(context);
      default -> context.getErrors().stream().findFirst().map(Error::getMessage)
          .orElse(response.reason());
    };
    String reason = response.reason();
    try {
      reason = HttpStatus.valueOf(response.code()).getReason();
    } catch (IllegalArgumentException e) {
      // a code without a standard reason: keep the response's
    }
    return new ApiError(response.code(), reason, message,
        details.size() > 1 ? details : List.of(), context.getRequest().getPath());
  }

  private static String forbidden(ErrorContext context) {
    HttpRequest<?> request = context.getRequest();
    String held = request.getUserPrincipal(Authentication.class)
        .map(a -> String.valueOf(a.getAttributes().get(ApiTokenValidator.ROLE_ATTRIBUTE)))
        .orElse("none");
    String needed = RouteAttributes.getRouteMatch(request)
        .map(m -> Arrays.toString(m.getAnnotationMetadata().stringValues(Secured.class)))
        .orElse("[]");
    return "needs role " + needed.replaceAll("[\\[\\]]", "") + "; this token's role is " + held;
  }
}
