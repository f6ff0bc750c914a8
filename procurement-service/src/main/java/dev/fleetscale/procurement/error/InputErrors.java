package dev.fleetscale.procurement.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.exceptions.InvalidFormatException;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.CollectionItemReferencePath;
import io.micronaut.serde.exceptions.path.MapItemReferencePath;
import io.micronaut.serde.exceptions.path.ReferencePath;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what the framework reports about bad input (binding, JSON, Bean Validation) into
 * problems a user can act on: the field by its JSON name ({@code snake_case}, with list indices)
 * and the rule, never a Java class or a parser option.
 */
final class InputErrors {

  /** Jackson's hints name its own options ("enable `JsonReadFeature.X` to allow"): not ours. */
  private static final Pattern PARSER_HINT = Pattern.compile(
      "\\s*[:;,]?\\s*\\(?(?:(?:enable|disable)\\s+)?`?[A-Za-z]*Feature\\.[A-Z_]+`?"
          + "(?:\\s+to\\s+allow)?\\)?");
  private static final int MAX_VALUE_CHARS = 60;

  private InputErrors() {}

  /** {@code gpuMemoryGb} → {@code gpu_memory_gb}; the API's field names are snake_case. */
  static String jsonName(String javaName) {
    StringBuilder b = new StringBuilder(javaName.length() + 4);
    for (int i = 0; i < javaName.length(); i++) {
      char c = javaName.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          b.append('_');
        }
        b.append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** What a value of {@code type} must look like, for a person. */
  static String expected(Class<?> type) {
    Class<?> t = Argument.of(type).getWrapperType();
    if (t.isEnum()) {
      return "must be one of " + Arrays.toString(t.getEnumConstants());
    }
    if (t == Integer.class || t == Long.class || t == Short.class || t == Byte.class
        || t == BigInteger.class) {
      return "must be a whole number";
    }
    if (Number.class.isAssignableFrom(t) || t == BigDecimal.class) {
      return "must be a number";
    }
    if (t == LocalDate.class) {
      return "must be a date, YYYY-MM-DD";
    }
    if (t == Instant.class) {
      return "must be a UTC instant, e.g. 2026-03-01T12:00:00Z";
    }
    if (t == String.class || CharSequence.class.isAssignableFrom(t)) {
      return "must be a string";
    }
    if (t == Boolean.class) {
      return "must be true or false";
    }
    if (Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "must be a list";
    }
    return "must be a JSON object";
  }

  /** ", got 'x'" for a short scalar, else nothing. */
  static String got(Object value) {
    if (value == null || value instanceof Map<?, ?> || value instanceof Collection<?>) {
      return "";
    }
    String s = String.valueOf(value);
    if (s.length() > MAX_VALUE_CHARS) {
      s = s.substring(0, MAX_VALUE_CHARS) + "…";
    }
    return ", got '" + s + "'";
  }

  /**
   * The field a deserialisation failure is about, from the path the serde library records, e.g.
   * {@code servers[2].gpus_per_server}; empty when it recorded none.
   */
  static Optional<FieldFailure> fieldOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SerdeException se && !se.getPath().isEmpty()) {
        StringBuilder name = new StringBuilder();
        Argument<?> last = null;
        Argument<?> parent = null;
        // The library records the innermost field first; a person reads the outermost first.
        java.util.List<ReferencePath> path = new java.util.ArrayList<>(se.getPath());
        java.util.Collections.reverse(path);
        for (ReferencePath p : path) {
          if (p instanceof CollectionItemReferencePath c) {
            name.append('[').append(c.index()).append(']');
          } else if (p instanceof MapItemReferencePath m) {
            name.append('.').append(m.key());
          } else {
            if (name.length() > 0) {
              name.append('.');
            }
            name.append(jsonName(p.getArgument().getName()));
          }
          parent = last;
          last = p.getArgument();
        }
        return Optional.of(new FieldFailure(name.toString(), last, originalValue(failure),
            parent == null ? null : parent.getType()));
      }
    }
    return Optional.empty();
  }

  private static Object originalValue(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidFormatException f && f.getOriginalValue() != null) {
        return f.getOriginalValue();
      }
      if (t instanceof DateTimeParseException d) {
        return d.getParsedString();
      }
    }
    return null;
  }

  /**
   * A field, the type it binds to, and the value sent when known. The serde library reports a
   * field the type does not have with the target type {@code Object}.
   */
  record FieldFailure(String field, Argument<?> target, Object value, Class<?> enclosing) {
    String problem(Class<?> topLevelBody) {
      if (target.getType() == Object.class) {
        // a field of a nested object lists that object's fields, not the body's
        Class<?> body = enclosing != null && enclosing != Object.class ? enclosing : topLevelBody;
        String known = body == null ? "" : BeanIntrospector.SHARED.findIntrospection(body)
            .map(i -> " (fields: " + Arrays.stream(i.getPropertyNames())
                .map(InputErrors::jsonName).collect(Collectors.joining(", ")) + ")")
            .orElse("");
        return field + ": unknown field" + known;
      }
      return field + ": " + expected(target.getType()) + got(value);
    }
  }

  /** The JSON parser's own complaint, with its location and without its option names. */
  static Optional<String> syntax(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JsonProcessingException j) {
        String where = j.getLocation() == null ? ""
            : " (line " + j.getLocation().getLineNr() + ", column "
                + j.getLocation().getColumnNr() + ")";
        return Optional.of("body: not valid JSON" + where + ": "
            + withoutParserHints(j.getOriginalMessage()));
      }
    }
    return Optional.empty();
  }

  static String withoutParserHints(String message) {
    return message == null ? "" : PARSER_HINT.matcher(message).replaceAll("").trim();
  }

  /**
   * One problem per violation: the field's JSON path (the method and parameter nodes dropped,
   * unless the parameter itself is what broke the rule), the rule, the value sent.
   */
  static List<String> violations(Collection<? extends ConstraintViolation<?>> violations) {
    List<String> problems = new ArrayList<>();
    for (ConstraintViolation<?> v : violations) {
      String parameter = null;
      StringBuilder field = new StringBuilder();
      for (Path.Node node : v.getPropertyPath()) {
        if (node.getKind() == ElementKind.PARAMETER) {
          parameter = node.getName();
        } else if (node.getKind() == ElementKind.PROPERTY
            || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
          if (node.getName() != null && !node.getName().startsWith("<")) {
            if (field.length() > 0) {
              field.append('.');
            }
            field.append(jsonName(node.getName()));
          }
          if (node.getIndex() != null) {
            field.append('[').append(node.getIndex()).append(']');
          } else if (node.getKey() != null) {
            field.append('[').append(node.getKey()).append(']');
          }
        }
      }
      String name = field.length() > 0 ? field.toString()
          : parameter != null ? jsonName(parameter) : "body";
      problems.add(name + ": " + v.getMessage() + got(v.getInvalidValue()));
    }
    problems.sort(null);
    return problems;
  }
}
