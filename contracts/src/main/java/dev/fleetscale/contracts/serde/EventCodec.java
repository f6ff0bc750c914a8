package dev.fleetscale.contracts.serde;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.fleetscale.contracts.FleetEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * JSON encoding and schema-validated decoding of one event type. Instances are immutable and
 * thread-safe; get them from {@link #of(EventType)}, which caches one per type (loading a schema
 * costs milliseconds, validating a document microseconds).
 *
 * @param <T> the event record
 */
public final class EventCodec<T extends FleetEvent> {

  private static final Map<EventType<?>, EventCodec<?>> CODECS = new ConcurrentHashMap<>();
  private static final int MAX_REASONS = 5;

  private final EventType<T> type;
  private final ObjectMapper mapper = Json.mapper();
  /**
   * Loaded at the first decode: a producer that only encodes (the agent) then never loads the
   * validator's few hundred classes, which is several MiB of resident memory on a GPU host.
   */
  private volatile SchemaValidator validator;
  /**
   * Compiled at the first decode from the same schema; empty if the schema uses a keyword the
   * quick check does not know, and then every document goes to the full validator.
   */
  private volatile Optional<QuickSchemaCheck> quickCheck;

  private EventCodec(EventType<T> type) {
    this.type = type;
  }

  /** The codec of an event type. */
  @SuppressWarnings("unchecked")
  public static <T extends FleetEvent> EventCodec<T> of(EventType<T> type) {
    Objects.requireNonNull(type, "type");
    return (EventCodec<T>) CODECS.computeIfAbsent(type, t -> new EventCodec<>(t));
  }

  /** The codec of a record class, e.g. {@code EventCodec.of(HostSample.class)}. */
  public static <T extends FleetEvent> EventCodec<T> of(Class<T> javaType) {
    return of(EventType.of(javaType));
  }

  public EventType<T> type() {
    return type;
  }

  /** UTF-8 JSON; absent (null) values are left out. */
  public byte[] encode(T event) {
    Objects.requireNonNull(event, "event");
    try {
      return mapper.writeValueAsBytes(event);
    } catch (JacksonException e) {
      // Records of this module always serialise; failing here is a bug, not bad input.
      throw new IllegalStateException("cannot encode " + type + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses, validates against the schema, and binds. Unknown fields are ignored.
   *
   * @throws DecodeException if the bytes are not JSON, break the schema, or cannot be bound; the
   *     message names the offending JSON path
   */
  public T decode(byte[] bytes) throws DecodeException {
    T certain = decodeCertainlyValid(bytes);
    return certain != null ? certain : decodeViaTree(bytes);
  }

  /**
   * The decode that decides: parse to a tree, validate it (quick check, else networknt), bind the
   * tree. Every rejection comes from here.
   */
  T decodeViaTree(byte[] bytes) throws DecodeException {
    JsonNode tree = validate(bytes);
    try {
      return mapper.treeToValue(tree, type.javaType());
    } catch (JacksonException e) {
      throw new DecodeException(type + ": " + describe(e), e);
    } catch (IllegalArgumentException | NullPointerException e) {
      // Thrown by a record's compact constructor: a value the schema allows but the record not.
      throw new DecodeException(type + ": " + e.getMessage(), e);
    }
  }

  /**
   * One pass for the common case: binds straight from the bytes while the quick check watches the
   * tokens. Returns null unless the check is certain and the binding succeeded; the caller then
   * decodes via the tree ({@link #decodeViaTree}), which decides every rejection and its message,
   * so what a document decodes to, or why not, does not depend on this path.
   * {@code QuickSchemaCheckPropertyTest} holds both paths to the same result.
   */
  T decodeCertainlyValid(byte[] bytes) {
    Optional<QuickSchemaCheck> quick = quickCheck();
    if (bytes == null || quick.isEmpty()) {
      return null;
    }
    try (CheckingParser parser = quick.get().checking(mapper.createParser(bytes))) {
      T value = mapper.readValue(parser, type.javaType());
      return parser.certainlyValid() ? value : null;
    } catch (IOException | RuntimeException e) {
      // Not JSON, not bindable, a record's constructor refusing a value: the old path says so.
      return null;
    }
  }

  /**
   * Parses and validates without binding, for consumers that read the JSON tree themselves.
   *
   * @throws DecodeException as {@link #decode(byte[])}
   */
  public JsonNode validate(byte[] bytes) throws DecodeException {
    if (bytes == null) {
      throw new DecodeException(type + ": no value (tombstone)");
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(bytes);
    } catch (IOException e) {
      throw new DecodeException(type + ": not JSON: " + describe(e), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new DecodeException(type + ": not JSON: empty value");
    }
    // Nearly every record is valid: the quick check proves that for a fraction of the cost. Only
    // what it cannot vouch for meets the full validator, whose messages name what is wrong.
    Optional<QuickSchemaCheck> quick = quickCheck();
    if (quick.isPresent() && quick.get().certainlyValid(tree)) {
      return tree;
    }
    String violations = validator().violations(tree);
    if (violations != null) {
      throw new DecodeException(type + ": " + violations);
    }
    return tree;
  }

  /** The full validator's verdict on a parsed document: null if valid. For tests. */
  String fullValidation(JsonNode tree) {
    return validator().violations(tree);
  }

  Optional<QuickSchemaCheck> quickCheck() {
    Optional<QuickSchemaCheck> q = quickCheck;
    if (q == null) {
      synchronized (this) {
        q = quickCheck;
        if (q == null) {
          q = QuickSchemaCheck.compile(readSchema(type.schemaResource()));
          quickCheck = q;
        }
      }
    }
    return q;
  }

  private JsonNode readSchema(String resource) {
    try (InputStream in = EventCodec.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema missing from the class path: " + resource);
      }
      return mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + resource, e);
    }
  }

  private SchemaValidator validator() {
    SchemaValidator v = validator;
    if (v == null) {
      synchronized (this) {
        v = validator;
        if (v == null) {
          v = new SchemaValidator(readSchema(type.schemaResource()));
          validator = v;
        }
      }
    }
    return v;
  }

  private static String describe(Exception e) {
    if (e instanceof JacksonException je) {
      String path = je instanceof com.fasterxml.jackson.databind.JsonMappingException jme
          ? jme.getPathReference() : null;
      String message = je.getOriginalMessage();
      return path == null ? message : path + ": " + message;
    }
    return e.getMessage();
  }

  /** The only class here that touches the JSON Schema library, so it loads only when used. */
  private static final class SchemaValidator {

    private final JsonSchema schema;

    SchemaValidator(JsonNode schemaDocument) {
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder()
              // "$.gpus[0].temperature_c" reads better in a log than "/gpus/0/temperature_c".
              .pathType(PathType.JSON_PATH)
              .formatAssertionsEnabled(true)
              .build();
      this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(schemaDocument, config);
    }

    /** Null when {@code tree} is valid, else the first few violations, sorted, joined. */
    String violations(JsonNode tree) {
      Set<ValidationMessage> messages = schema.validate(tree);
      if (messages.isEmpty()) {
        return null;
      }
      String shown =
          messages.stream()
              .map(ValidationMessage::getMessage)
              .sorted(Comparator.naturalOrder())
              .limit(MAX_REASONS)
              .collect(Collectors.joining("; "));
      int more = messages.size() - MAX_REASONS;
      return more > 0 ? shown + "; and " + more + " more" : shown;
    }
  }
}
