package dev.fleetscale.contracts.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import dev.fleetscale.contracts.serde.QuickSchemaCheck.Node;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The quick check ({@link QuickSchemaCheck}) run on the tokens as Jackson binds them, so that a
 * valid record is parsed once, straight into its class, instead of parsed into a tree, checked,
 * and bound from the tree (about a third of a host sample's decode went to the tree and its second
 * walk).
 *
 * <p>Same one-sided contract, same rules per keyword as the tree walk: {@link #certainlyValid}
 * after binding says true only if networknt accepts the document, and only if the binding saw
 * what a binding from the tree would have: the whole root value, and no object with a name twice
 * (a tree keeps the last value of a duplicate, a record's binding may keep the first). Anything
 * else, including a value it cannot decide, leaves it false, and the codec then decodes the old
 * way from the bytes, so every rejection and its message are unchanged.
 *
 * <p>Every token reaches it: Jackson's {@code nextFieldName}, {@code nextTextValue} and the like
 * call {@link #nextToken}, and {@link #skipChildren} (unknown fields) is walked token by token
 * here. Should a deserializer ever read past it, the frames would not close and the document would
 * not count as certainly valid. One parser per document; not thread-safe.
 */
final class CheckingParser extends JsonParserDelegate {

  private final Node root;
  /** Open containers, reused by depth: {@code frames[depth - 1]} is the innermost. */
  private Frame[] frames = new Frame[8];
  private int depth;
  private boolean complete;
  private boolean unsure;

  CheckingParser(JsonParser parser, Node root) {
    super(parser);
    this.root = root;
  }

  /** True only if the whole root value was read and networknt would accept it too. */
  boolean certainlyValid() {
    return complete && !unsure;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken t = delegate.nextToken();
    if (!unsure && !complete) {
      see(t);
    }
    return t;
  }

  @Override
  public JsonToken nextValue() throws IOException {
    JsonToken t = nextToken();
    return t == JsonToken.FIELD_NAME ? nextToken() : t;
  }

  @Override
  public JsonParser skipChildren() throws IOException {
    JsonToken t = currentToken();
    if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
      return this;
    }
    int open = 1;
    while (open > 0) {
      t = nextToken();
      if (t == null) {
        return this;
      }
      if (t.isStructStart()) {
        open++;
      } else if (t.isStructEnd()) {
        open--;
      }
    }
    return this;
  }

  private void see(JsonToken t) throws IOException {
    if (t == null) {
      unsure = true; // the input ended inside the value
      return;
    }
    Node expected;
    if (depth == 0) {
      expected = root;
    } else {
      Frame frame = frames[depth - 1];
      if (frame.object) {
        if (t == JsonToken.FIELD_NAME) {
          unsure = !frame.name(delegate.currentName());
          return;
        }
        if (t == JsonToken.END_OBJECT) {
          unsure = !frame.allRequired();
          closeFrame();
          return;
        }
        expected = frame.value;
      } else {
        if (t == JsonToken.END_ARRAY) {
          closeFrame();
          return;
        }
        expected = frame.value;
      }
    }
    unsure = !value(t, expected);
    if (depth == 0 && !t.isStructStart()) {
      complete = true; // a scalar root
    }
  }

  private void closeFrame() {
    depth--;
    if (depth == 0) {
      complete = true;
    }
  }

  /**
   * One value against a schema and the schemas its {@code $ref}s lead to (each must hold, as in
   * the tree walk); a null schema allows anything. Opens a frame for a container.
   */
  private boolean value(JsonToken t, Node schema) throws IOException {
    switch (t) {
      case START_OBJECT:
        return open(true, schema);
      case START_ARRAY:
        return open(false, schema);
      case VALUE_STRING:
        return string(schema);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return number(t, schema);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return scalar(QuickSchemaCheck.BOOLEAN, schema);
      case VALUE_NULL:
        return scalar(QuickSchemaCheck.NULL, schema);
      default:
        return false; // embedded objects and the like do not come out of JSON text
    }
  }

  private static boolean scalar(int type, Node schema) {
    for (Node n = schema; n != null; n = n.ref) {
      if (n.never || (n.types & type) == 0 || n.enumeration != null) {
        return false;
      }
    }
    return true;
  }

  private boolean string(Node schema) throws IOException {
    String text = null;
    for (Node n = schema; n != null; n = n.ref) {
      if (n.never || (n.types & QuickSchemaCheck.STRING) == 0) {
        return false;
      }
      if (n.checksStrings()) {
        if (text == null) {
          text = delegate.getText(); // kept by the parser: binding gets the same String
        }
        if (!n.string(text)) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean number(JsonToken t, Node schema) throws IOException {
    // Every number is read here, whatever its schema, as the tree reads it (JsonNodeDeserializer:
    // getNumberType, then the int, long or double). jackson-core 2.18.2 keeps a number's text
    // until one of those reads clears it, and a later number can then be given that stale text
    // (jackson-core #1397: a big integer in an unknown field, buffered by the record's binding,
    // turned a later 4.0 into 1.0E29; QuickSchemaCheckPropertyTest found it). The tree path
    // reads every number this way; reading each here first gives the binding the same parser
    // state. Big integers (rare; no field of ours holds one) go the tree way.
    double v;
    boolean exact = true;
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      v = delegate.getDoubleValue();
    } else {
      JsonParser.NumberType nt = delegate.getNumberType();
      if (nt == JsonParser.NumberType.INT) {
        v = delegate.getIntValue();
      } else if (nt == JsonParser.NumberType.LONG) {
        long l = delegate.getLongValue();
        v = l;
        exact = Math.abs(l) <= (1L << 53);
      } else {
        return false;
      }
    }
    // As the tree: an integral JSON number is an "integer" (IntNode, LongNode), any other a
    // "number" only (DoubleNode).
    int type = t == JsonToken.VALUE_NUMBER_INT
        ? QuickSchemaCheck.INTEGER | QuickSchemaCheck.NUMBER : QuickSchemaCheck.NUMBER;
    for (Node n = schema; n != null; n = n.ref) {
      if (n.never || (n.types & type) == 0 || n.enumeration != null) {
        return false;
      }
      if (n.bounded && !(exact && n.within(v))) {
        return false; // out of bounds, or a long past 2^53 that a double cannot compare exactly
      }
    }
    return true;
  }

  private boolean open(boolean object, Node schema) {
    int type = object ? QuickSchemaCheck.OBJECT : QuickSchemaCheck.ARRAY;
    Node keywords = null;
    for (Node n = schema; n != null; n = n.ref) {
      if (n.never || (n.types & type) == 0 || n.enumeration != null) {
        return false;
      }
      boolean has = object ? n.objectKeywords : n.items != null;
      if (has) {
        if (keywords != null) {
          return false; // two schemas on one container's members: the tree walk decides
        }
        keywords = n;
      }
    }
    if (object && keywords != null && !keywords.slotsFit) {
      return false;
    }
    if (depth == frames.length) {
      frames = java.util.Arrays.copyOf(frames, depth * 2);
    }
    Frame frame = frames[depth];
    if (frame == null) {
      frame = new Frame();
      frames[depth] = frame;
    }
    depth++;
    frame.open(object, keywords);
    return true;
  }

  /** One open object or array. */
  private static final class Frame {
    boolean object;
    /** The schema holding the object's keywords or the array's items; null: none. */
    Node schema;
    /** The schema of the next value: the current field's, or the array's items. */
    Node value;
    long seen;
    /** Where in the schema's order the next name probably is. */
    int next;
    /** Names without a bit (unknown fields, map keys), to find duplicates; made when needed. */
    Set<String> others;

    void open(boolean isObject, Node keywords) {
      object = isObject;
      schema = keywords;
      value = isObject || keywords == null ? null : keywords.items;
      seen = 0;
      next = 0;
      if (others != null) {
        others.clear();
      }
    }

    /** False for a name seen before in this object. */
    boolean name(String name) {
      Node.Slot slot = null;
      if (schema != null) {
        Node.Slot[] order = schema.order;
        // Identity: both names are interned; a miss only means a look-up.
        slot = next < order.length && order[next].name() == name ? order[next]
            : schema.slots.get(name);
      }
      if (slot != null) {
        if ((seen & slot.bit()) != 0) {
          return false;
        }
        seen |= slot.bit();
        next = slot.index() + 1;
        value = slot.schema() != null ? slot.schema() : schema.additional;
        return true;
      }
      if (others == null) {
        others = new HashSet<>();
      }
      if (!others.add(name)) {
        return false;
      }
      value = schema == null ? null : schema.additional;
      return true;
    }

    boolean allRequired() {
      return schema == null || (seen & schema.requiredBits) == schema.requiredBits;
    }
  }
}
