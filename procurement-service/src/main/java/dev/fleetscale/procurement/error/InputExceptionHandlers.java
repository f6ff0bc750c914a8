package dev.fleetscale.procurement.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.JsonExceptionHandler;
import io.micronaut.http.server.exceptions.UnsatisfiedArgumentHandler;
import io.micronaut.http.server.exceptions.UnsatisfiedRouteHandler;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import java.util.List;

/**
 * 400 for every kind of bad input, in the {@link ApiError} shape, each problem naming the field
 * and the rule. Replaces the framework's handlers, whose messages name Java types and arguments
 * ("Failed to convert argument [requirement] ... Error deserializing type").
 */
final class InputExceptionHandlers {

  private InputExceptionHandlers() {}

  static HttpResponse<ApiError> badRequest(HttpRequest<?> request, List<String> problems) {
    return ApiErrors.response(request, HttpStatus.BAD_REQUEST, String.join("; ", problems),
        problems);
  }

  private static String argumentName(Argument<?> argument) {
    return argument.getAnnotationMetadata().hasAnnotation(Body.class) ? "body"
        : InputErrors.jsonName(argument.getName());
  }

  /** A value that does not bind: a body field of the wrong type, an unknown enum constant. */
  @Singleton
  @Produces
  @Replaces(ConversionErrorHandler.class)
  static class ConversionHandler
      implements ExceptionHandler<ConversionErrorException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ConversionErrorException e) {
      Throwable cause = e.getConversionError().getCause();
      Class<?> body = e.getArgument().getAnnotationMetadata().hasAnnotation(Body.class)
          ? e.getArgument().getType() : null;
      String problem = InputErrors.fieldOf(cause).map(f -> f.problem(body))
          .or(() -> InputErrors.syntax(cause))
          .orElseGet(() -> {
            Argument<?> argument = e.getArgument();
            if (argument.getAnnotationMetadata().hasAnnotation(Body.class)) {
              return "body: must be a JSON object with the documented fields";
            }
            return argumentName(argument) + ": " + InputErrors.expected(argument.getType())
                + InputErrors.got(e.getConversionError().getOriginalValue().orElse(null));
          });
      return badRequest(request, List.of(problem));
    }
  }

  /** A body that is not JSON at all. */
  @Singleton
  @Produces
  @Replaces(JsonExceptionHandler.class)
  static class SyntaxHandler implements ExceptionHandler<JsonSyntaxException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, JsonSyntaxException e) {
      return badRequest(request, List.of(InputErrors.syntax(e)
          .orElse("body: not valid JSON")));
    }
  }

  /** A required body, query or path value that was not sent. */
  @Singleton
  @Produces
  @Replaces(UnsatisfiedArgumentHandler.class)
  static class MissingHandler
      implements ExceptionHandler<UnsatisfiedArgumentException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, UnsatisfiedArgumentException e) {
      return badRequest(request, List.of(argumentName(e.getArgument()) + ": is required"));
    }
  }

  /** A required body, query or path value that the route found missing. */
  @Singleton
  @Produces
  @Replaces(UnsatisfiedRouteHandler.class)
  static class MissingRouteValueHandler
      implements ExceptionHandler<UnsatisfiedRouteException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, UnsatisfiedRouteException e) {
      String name = e instanceof UnsatisfiedBodyRouteException ? "body"
          : argumentName(e.getArgument());
      return badRequest(request, List.of(name + ": is required"));
    }
  }

  /** Bean Validation: every broken constraint, by JSON field name. */
  @Singleton
  @Produces
  @Replaces(ConstraintExceptionHandler.class)
  @Requires(classes = {ConstraintViolationException.class, ExceptionHandler.class})
  static class ViolationHandler
      implements ExceptionHandler<ConstraintViolationException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ConstraintViolationException e) {
      return badRequest(request, InputErrors.violations(e.getConstraintViolations()));
    }
  }

  /** The API's own checks (dates against today's, amounts that ask for nothing). */
  @Singleton
  @Produces
  static class InvalidInputHandler
      implements ExceptionHandler<InvalidInputException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, InvalidInputException e) {
      return badRequest(request, e.problems());
    }
  }
}
