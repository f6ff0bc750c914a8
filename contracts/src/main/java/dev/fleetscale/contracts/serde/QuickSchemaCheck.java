package dev.fleetscale.contracts.serde;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A one-sided check compiled from one of our JSON Schemas: {@link #certainlyValid} answers true
 * only for documents the full validator (networknt) also accepts, and false for everything else
 * — including valid documents it is not sure about. The codec runs it first and asks networknt
 * only when it says false, so the messages for bad input are networknt's, unchanged, while a valid
 * record (nearly every record on a telemetry topic) costs a tree walk instead of a full validation
 * (about 35 of the 85 µs a host sample took to decode).
 *
 * <p>It knows only the keywords our schemas use, read conservatively: an "integer" must be an
 * integral JSON number (1.0 goes to networknt), bounds must be exact in a double, formats are
 * RFC 3339 date-time and date in their plainest spelling. A schema with any other keyword
 * compiles to nothing ({@link #compile} is empty) and the codec validates every document fully.
 * {@code QuickSchemaCheckPropertyTest} holds it to "accepted here ⇒ accepted by networknt" on
 * random and mutated documents of every topic.
 */
final class QuickSchemaCheck {

  /** Keywords that assert nothing (annotations) or that the compiler reads where they sit. */
  private static final Set<String> UNDERSTOOD = Set.of("$schema", "$id", "$comment", "title",
      "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "$defs",
      "type", "required", "properties", "additionalProperties", "minimum", "maximum",
      "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "enum", "items", "$ref",
      "format", "pattern", "contentEncoding");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final Node root;

  private QuickSchemaCheck(Node root) {
    this.root = root;
  }

  /** True only if networknt would accept {@code document} too; false means "ask networknt". */
  boolean certainlyValid(JsonNode document) {
    return root.ok(document);
  }

  /**
   * The same check on the tokens {@code parser} hands to whoever reads it (a binding): ask the
   * returned parser's {@link CheckingParser#certainlyValid} once the value is read.
   */
  CheckingParser checking(com.fasterxml.jackson.core.JsonParser parser) {
    return new CheckingParser(parser, root);
  }

  /** The check of a schema, or empty if it uses anything this class does not understand. */
  static Optional<QuickSchemaCheck> compile(JsonNode schema) {
    try {
      return Optional.of(new QuickSchemaCheck(new Compiler(schema).compile(schema)));
    } catch (Unsupported e) {
      return Optional.empty();
    }
  }

  private static final class Unsupported extends Exception {
    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  static final int OBJECT = 1;
  static final int ARRAY = 2;
  static final int STRING = 4;
  static final int BOOLEAN = 8;
  static final int NULL = 16;
  static final int NUMBER = 32;
  static final int INTEGER = 64;
  static final int ANY = 127;

  private enum Format { NONE, DATE_TIME, DATE, BASE64 }

  /**
   * One compiled (sub)schema: every keyword of it in one class and one method, so that the walk
   * is a chain of monomorphic calls the JIT inlines (a tree of lambdas was 5x slower).
   */
  static final class Node {
    boolean never;
    int types = ANY;
    Set<String> enumeration;
    double minimum = Double.NaN;
    double maximum = Double.NaN;
    double exclusiveMinimum = Double.NaN;
    double exclusiveMaximum = Double.NaN;
    boolean bounded;
    int minLength = -1;
    int maxLength = -1;
    Pattern pattern;
    Format format = Format.NONE;
    boolean objectKeywords;
    String[] required = new String[0];
    Map<String, Node> properties = Map.of();
    Node additional;
    Node items;
    Node ref;
    /**
     * For the streaming check ({@link CheckingParser}), which sees an object's fields one at a
     * time: each name in {@code properties} or {@code required} has a bit, so that required
     * fields and duplicates are tracked in one long. With more than 64 names {@code slotsFit} is
     * false, and the streaming check is never sure of such an object (none of ours comes close).
     */
    Map<String, Slot> slots = Map.of();
    /**
     * The slots in the schema's order, which is the order our records are written in: the
     * streaming check tries the slot after the last one matched before it looks a name up.
     */
    Slot[] order = new Slot[0];
    long requiredBits;
    boolean slotsFit = true;

    /**
     * A named field of an object schema: its name (interned, as Jackson's field names are), place
     * in {@link #order}, bit, and schema (null: additional's).
     */
    record Slot(String name, int index, long bit, Node schema) {}

    /** Whether {@link #string} needs the text at all. */
    boolean checksStrings() {
      return enumeration != null || minLength >= 0 || maxLength >= 0 || pattern != null
          || format != Format.NONE;
    }

    boolean ok(JsonNode n) {
      if (never) {
        return false;
      }
      if (ref != null && !ref.ok(n)) {
        return false;
      }
      if (types != ANY && (types & typeOf(n)) == 0) {
        return false;
      }
      if (n.isTextual()) {
        return string(n.textValue());
      }
      if (n.isNumber()) {
        return number(n);
      }
      if (n.isObject()) {
        return object(n);
      }
      if (n.isArray()) {
        return array(n);
      }
      return enumeration == null;
    }

    private static int typeOf(JsonNode n) {
      if (n.isObject()) {
        return OBJECT;
      }
      if (n.isArray()) {
        return ARRAY;
      }
      if (n.isTextual()) {
        return STRING;
      }
      if (n.isBoolean()) {
        return BOOLEAN;
      }
      if (n.isNull()) {
        return NULL;
      }
      // Integral JSON numbers only count as "integer"; 1.0 is one to the spec, but networknt
      // decides that.
      if (n.isInt() || n.isLong() || n.isBigInteger()) {
        return INTEGER | NUMBER;
      }
      return n.isNumber() ? NUMBER : 0;
    }

    boolean string(String s) {
      if (enumeration != null && !enumeration.contains(s)) {
        return false;
      }
      if (minLength >= 0 || maxLength >= 0) {
        int length = s.codePointCount(0, s.length());
        if (length < minLength || maxLength >= 0 && length > maxLength) {
          return false;
        }
      }
      if (pattern != null && !pattern.matcher(s).find()) {
        return false;
      }
      return switch (format) {
        case NONE -> true;
        case DATE_TIME -> isDateTime(s);
        case DATE -> isDate(s);
        case BASE64 -> isBase64(s);
      };
    }

    private boolean number(JsonNode n) {
      if (enumeration != null) {
        return false;
      }
      if (!bounded) {
        return true;
      }
      if (!plain(n)) {
        return false; // BigInteger, BigDecimal, longs past 2^53: networknt decides
      }
      return within(n.doubleValue());
    }

    /** The bounds, on a value that is exact in a double. */
    boolean within(double v) {
      return !(v < minimum) && !(v > maximum) && !(v <= exclusiveMinimum)
          && !(v >= exclusiveMaximum);
    }

    private boolean object(JsonNode n) {
      if (enumeration != null) {
        return false;
      }
      if (!objectKeywords) {
        return true;
      }
      for (String name : required) {
        if (!n.has(name)) {
          return false;
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        Node property = properties.get(field.getKey());
        if (property == null) {
          property = additional;
        }
        if (property != null && !property.ok(field.getValue())) {
          return false;
        }
      }
      return true;
    }

    private boolean array(JsonNode n) {
      if (enumeration != null) {
        return false;
      }
      if (items != null) {
        for (int i = 0, size = n.size(); i < size; i++) {
          if (!items.ok(n.get(i))) {
            return false;
          }
        }
      }
      return true;
    }

    /** An int or double, or a long whose double value is exact: comparing doubles is exact. */
    private static boolean plain(JsonNode n) {
      if (n.isInt() || n.isDouble() || n.isFloat()) {
        return true;
      }
      return n.isLong() && Math.abs(n.longValue()) <= (1L << 53);
    }
  }

  private static final class Compiler {
    private final JsonNode rootSchema;
    /** $ref targets, compiled once; registered before compiling so cycles terminate. */
    private final Map<String, Node> refs = new HashMap<>();

    Compiler(JsonNode rootSchema) {
      this.rootSchema = rootSchema;
    }

    Node compile(JsonNode schema) throws Unsupported {
      Node node = new Node();
      fill(node, schema);
      return node;
    }

    private void fill(Node node, JsonNode schema) throws Unsupported {
      if (schema.isBoolean()) {
        node.never = !schema.booleanValue();
        return;
      }
      if (!schema.isObject()) {
        throw new Unsupported("schema is not an object");
      }
      for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
        String keyword = it.next();
        if (!UNDERSTOOD.contains(keyword)) {
          throw new Unsupported(keyword);
        }
      }
      if (schema.has("$ref")) {
        node.ref = ref(schema.get("$ref").asText());
      }
      if (schema.has("type")) {
        node.types = types(schema.get("type"));
      }
      if (schema.has("enum")) {
        node.enumeration = new HashSet<>();
        for (JsonNode v : schema.get("enum")) {
          if (!v.isTextual()) {
            throw new Unsupported("non-string enum");
          }
          node.enumeration.add(v.asText());
        }
      }
      node.minimum = bound(schema, "minimum", node);
      node.maximum = bound(schema, "maximum", node);
      node.exclusiveMinimum = bound(schema, "exclusiveMinimum", node);
      node.exclusiveMaximum = bound(schema, "exclusiveMaximum", node);
      node.minLength = schema.path("minLength").asInt(-1);
      node.maxLength = schema.path("maxLength").asInt(-1);
      if (schema.has("pattern")) {
        node.pattern = Pattern.compile(schema.get("pattern").asText());
      }
      if (schema.has("format")) {
        String format = schema.get("format").asText();
        node.format = switch (format) {
          case "date-time" -> Format.DATE_TIME;
          case "date" -> Format.DATE;
          default -> throw new Unsupported("format " + format);
        };
      }
      if (schema.has("contentEncoding")) {
        String encoding = schema.get("contentEncoding").asText();
        if (!encoding.equals("base64") || node.format != Format.NONE) {
          throw new Unsupported("contentEncoding " + encoding);
        }
        // An annotation in 2020-12; checked anyway, so this class is never the laxer one.
        node.format = Format.BASE64;
      }
      fillObject(node, schema);
      if (schema.has("items")) {
        node.items = compile(schema.get("items"));
      }
    }

    private void fillObject(Node node, JsonNode schema) throws Unsupported {
      List<String> required = new ArrayList<>();
      schema.path("required").forEach(r -> required.add(r.asText()));
      node.required = required.toArray(String[]::new);
      Map<String, Node> properties = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        properties.put(p.getKey(), compile(p.getValue()));
      }
      node.properties = properties;
      if (schema.has("additionalProperties")) {
        node.additional = compile(schema.get("additionalProperties"));
      }
      node.objectKeywords = !required.isEmpty() || !properties.isEmpty()
          || node.additional != null;
      Map<String, Node.Slot> slots = new LinkedHashMap<>();
      for (Iterator<String> it = schema.path("properties").fieldNames(); it.hasNext(); ) {
        slot(slots, it.next(), properties);
      }
      for (String name : required) {
        node.requiredBits |= slot(slots, name, properties).bit();
      }
      node.slots = slots;
      node.order = slots.values().toArray(Node.Slot[]::new);
      node.slotsFit = slots.size() <= 64;
    }

    private static Node.Slot slot(Map<String, Node.Slot> slots, String name,
        Map<String, Node> properties) {
      return slots.computeIfAbsent(name, n -> new Node.Slot(n.intern(), slots.size(),
          1L << Math.min(slots.size(), 63), properties.get(n)));
    }

    private Node ref(String ref) throws Unsupported {
      String prefix = "#/$defs/";
      if (!ref.startsWith(prefix) || ref.indexOf('/', prefix.length()) >= 0
          || ref.indexOf('~') >= 0 || ref.indexOf('%') >= 0) {
        throw new Unsupported("$ref " + ref);
      }
      Node target = refs.get(ref);
      if (target == null) {
        JsonNode definition = rootSchema.path("$defs").get(ref.substring(prefix.length()));
        if (definition == null) {
          throw new Unsupported("unresolved $ref " + ref);
        }
        target = new Node();
        refs.put(ref, target);
        fill(target, definition);
      }
      return target;
    }

    private static int types(JsonNode type) throws Unsupported {
      int mask = 0;
      if (type.isTextual()) {
        mask = oneType(type.asText());
      } else if (type.isArray()) {
        for (JsonNode t : type) {
          mask |= oneType(t.asText());
        }
      } else {
        throw new Unsupported("type " + type);
      }
      return mask;
    }

    private static int oneType(String type) throws Unsupported {
      return switch (type) {
        case "object" -> OBJECT;
        case "array" -> ARRAY;
        case "string" -> STRING;
        case "boolean" -> BOOLEAN;
        case "null" -> NULL;
        case "number" -> NUMBER;
        case "integer" -> INTEGER;
        default -> throw new Unsupported("type " + type);
      };
    }

    /** NaN if absent; NaN compares false, so an absent bound never rejects. */
    private static double bound(JsonNode schema, String keyword, Node node) throws Unsupported {
      JsonNode bound = schema.get(keyword);
      if (bound == null) {
        return Double.NaN;
      }
      if (!bound.isNumber()) {
        throw new Unsupported(keyword + " " + bound);
      }
      double d = bound.doubleValue();
      if (Double.isInfinite(d) || new BigDecimal(d).compareTo(bound.decimalValue()) != 0) {
        throw new Unsupported(keyword + " not exact in a double: " + bound);
      }
      node.bounded = true;
      return d;
    }
  }

  /**
   * RFC 3339 date-time in its plainest spelling: upper-case T and Z, no leap second, and no
   * "-00:00" (unknown local offset), which networknt rejects. Read by hand ({@link
   * PlainDateTime}), which also gives the same verdict as OffsetDateTime.parse at a fraction of
   * its cost.
   */
  static boolean isDateTime(String s) {
    return PlainDateTime.parse(s, false) != null;
  }

  static boolean isDate(String s) {
    if (!DATE.matcher(s).matches()) {
      return false;
    }
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isBase64(String s) {
    try {
      Base64.getDecoder().decode(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
