package dev.fleetscale.gateway.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.JsonExceptionHandler;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 400 for every kind of bad input, in the {@link ApiError} shape, each problem naming the field by
 * its JSON name and the rule. Replaces the framework's handlers, whose messages name Java types.
 */
final class InputExceptionHandlers {

  private static final Pattern UNKNOWN = Pattern.compile("Unknown property \\[([^\\]]*)\\]");

  private InputExceptionHandlers() {}

  /** A body that does not bind: an unknown field, a field of the wrong type. */
  @Singleton
  @Produces
  @Replaces(ConversionErrorHandler.class)
  static class ConversionHandler
      implements ExceptionHandler<ConversionErrorException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ConversionErrorException e) {
      boolean body = e.getArgument().getAnnotationMetadata().hasAnnotation(Body.class);
      String problem = unknownField(e).map(f -> f + ": unknown field"
              + (body ? fields(e.getArgument().getType()) : ""))
          .orElseGet(() -> body ? "body: must be a JSON object with the documented fields"
              : NameUtils.hyphenate(e.getArgument().getName(), false).replace('-', '_')
                  + ": cannot be read as a " + e.getArgument().getType().getSimpleName()
                      .toLowerCase(java.util.Locale.ROOT));
      return ApiErrors.badRequest(request, List.of(problem));
    }

    private static Optional<String> unknownField(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        Matcher m = UNKNOWN.matcher(String.valueOf(t.getMessage()));
        if (m.find()) {
          return Optional.of(m.group(1));
        }
      }
      return Optional.empty();
    }

    private static String fields(Class<?> type) {
      if (!type.isRecord()) {
        return "";
      }
      return " (fields: " + String.join(", ", java.util.Arrays.stream(type.getRecordComponents())
          .map(c -> NameUtils.hyphenate(c.getName(), false).replace('-', '_')).toList()) + ")";
    }
  }

  /** A body that is not JSON at all. */
  @Singleton
  @Produces
  @Replaces(JsonExceptionHandler.class)
  static class SyntaxHandler
      implements ExceptionHandler<JsonSyntaxException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, JsonSyntaxException e) {
      return ApiErrors.badRequest(request, List.of("body: not valid JSON"));
    }
  }

  /** Bean Validation: {@code reason: must not be blank}. */
  @Singleton
  @Produces
  @Requires(classes = ConstraintExceptionHandler.class)
  @Replaces(ConstraintExceptionHandler.class)
  static class ConstraintHandler
      implements ExceptionHandler<ConstraintViolationException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ConstraintViolationException e) {
      List<String> problems = e.getConstraintViolations().stream()
          .map(v -> field(v) + ": " + v.getMessage()).sorted().toList();
      return ApiErrors.badRequest(request, problems);
    }

    private static String field(ConstraintViolation<?> v) {
      String last = "body";
      int depth = 0;
      for (Path.Node node : v.getPropertyPath()) {
        depth++;
        // method.argument.field: the method is no field; a bare argument is the body or a query value
        if (depth >= 2 && node.getName() != null) {
          last = node.getName();
        }
      }
      return NameUtils.hyphenate(last, false).replace('-', '_');
    }
  }
}
