package dev.affinity.core.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.affinity.core.discovery.Suggestion;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binds a part of a manifest to a settings record, the one way every section and every plugin's
 * {@code params:} are read.
 *
 * <p>Keys are the record components in snake case ({@code classesPerBatch} is {@code classes_per_batch});
 * enum values are the constants in lower case with dashes ({@code EXTRA_ZERO_LOGIT} is
 * {@code extra-zero-logit}). The record's public no-argument constructor gives the defaults that the
 * written keys override; without one, every key is required. Numbers are not read from text, nor whole
 * numbers from fractions. The record's canonical constructor validates; its message becomes the problem.
 */
public final class RecordBinder {

  /** The mapper every manifest value goes through, both ways. */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .addModule(enumModule())
      .build();

  private static SimpleModule enumModule() {
    SimpleModule module = new SimpleModule("affinity-enums");
    module.setDeserializers(new DashedEnums());
    module.addSerializer(new DashedEnumSerializer());
    return module;
  }

  static {
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      MAPPER.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
  }

  private RecordBinder() {}

  /**
   * Binds the value at {@code pointer} of {@code tree}.
   *
   * @param type the record to make
   * @param defaults the defaults the written keys override, or null when every key is required
   * @param problems where problems go; nothing is thrown for a bad value
   * @return the record, or empty when a value could not be bound; unknown keys are recorded as problems and
   *     otherwise ignored, so a record may come back with problems recorded: the caller decides from them
   */
  public static <R extends Record> Optional<R> bind(
      SourcedTree tree, String pointer, Class<R> type, R defaults, List<Problem> problems) {
    JsonNode written = tree.root().at(pointer);
    if (written.isMissingNode() || written.isNull()) {
      written = MAPPER.createObjectNode();
    }
    if (!written.isObject()) {
      problems.add(new Problem(tree.origin(pointer), SourcedTree.keyOf(pointer),
          "expected a map of keys (" + keyList(type) + "), found " + SourcedTree.describe(written)));
      return Optional.empty();
    }
    written = written.deepCopy();
    checkKeys(tree, pointer, written, type, problems);
    JsonNode merged = withListDefaults(defaults == null ? written : merge(MAPPER.valueToTree(defaults), written), type);
    try {
      return Optional.of(MAPPER.treeToValue(merged, type));
    } catch (IOException e) {
      problems.add(explain(tree, pointer, type, e));
      return Optional.empty();
    }
  }

  /** The value as manifest YAML would write it (snake-case keys, dashed enums). */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** The valid keys of a record, as messages list them. */
  static String keyList(Class<?> type) {
    return keys(type).stream().sorted().collect(Collectors.joining(", "));
  }

  private static List<String> keys(Class<?> type) {
    return Arrays.stream(type.getRecordComponents()).map(c -> snake(c.getName())).toList();
  }

  /**
   * Unknown keys, at every depth of nested records: each one a problem with its line, then removed, so that
   * binding goes on and reports the other problems too.
   */
  private static void checkKeys(SourcedTree tree, String pointer, JsonNode node, Class<?> type, List<Problem> problems) {
    if (!type.isRecord() || !node.isObject()) {
      return;
    }
    List<String> valid = keys(type);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String child = pointer + "/" + field.getKey();
      int index = valid.indexOf(field.getKey());
      if (index < 0) {
        problems.add(new Problem(tree.origin(child), SourcedTree.keyOf(child), unknownKey(field.getKey(), valid)));
        it.remove();
        continue;
      }
      RecordComponent component = type.getRecordComponents()[index];
      checkKeys(tree, child, field.getValue(), component.getType(), problems);
      Type generic = component.getGenericType();
      if (field.getValue().isArray() && generic instanceof ParameterizedType p
          && p.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
        for (int i = 0; i < field.getValue().size(); i++) {
          checkKeys(tree, child + "/" + i, field.getValue().get(i), element, problems);
        }
      }
    }
  }

  static String unknownKey(String key, List<String> valid) {
    return "unknown key '" + key + "'" + Suggestion.closest(key, valid, "; this section takes no keys", "valid keys");
  }

  /** The written map over the defaults: maps merge key by key, anything else replaces. */
  static JsonNode merge(JsonNode defaults, JsonNode written) {
    if (!defaults.isObject() || !written.isObject()) {
      return written;
    }
    ObjectNode result = ((ObjectNode) defaults).deepCopy();
    written.fields().forEachRemaining(e -> {
      JsonNode base = result.get(e.getKey());
      result.set(e.getKey(), base == null ? e.getValue() : merge(base, e.getValue()));
    });
    return result;
  }

  /**
   * Items of a list of records get their record's defaults too, where it has a no-argument constructor:
   * {@code losses: [{head: mpn}]} is a complete loss.
   */
  private static JsonNode withListDefaults(JsonNode node, Class<?> type) {
    if (!type.isRecord() || !node.isObject()) {
      return node;
    }
    ObjectNode object = (ObjectNode) node;
    for (RecordComponent component : type.getRecordComponents()) {
      String key = snake(component.getName());
      JsonNode value = object.get(key);
      if (value == null) {
        continue;
      }
      if (value.isObject()) {
        object.set(key, withListDefaults(value, component.getType()));
      } else if (value.isArray() && component.getGenericType() instanceof ParameterizedType p
          && p.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
        Optional<JsonNode> defaults = defaultsOf(element);
        for (int i = 0; i < value.size(); i++) {
          JsonNode item = defaults.isPresent() ? merge(defaults.get(), value.get(i)) : value.get(i);
          ((com.fasterxml.jackson.databind.node.ArrayNode) value).set(i, withListDefaults(item, element));
        }
      }
    }
    return object;
  }

  private static Optional<JsonNode> defaultsOf(Class<?> record) {
    try {
      return Optional.of(MAPPER.valueToTree(record.getConstructor().newInstance()));
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make the defaults of " + record.getName(), e);
    }
  }

  private static Problem explain(SourcedTree tree, String pointer, Class<?> type, IOException e) {
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      // The record validated itself; its message starts with the key it is about, by convention.
      String message = v.getCause().getMessage();
      String first = message == null ? "" : message.split("[ :]", 2)[0];
      String child = keys(v.getType().getRawClass()).contains(first) ? locate(v) + "/" + first : locate(v);
      String at = pointer + child;
      return new Problem(tree.origin(at), SourcedTree.keyOf(at), String.valueOf(message));
    }
    if (e instanceof JsonMappingException m) {
      String at = pointer + locate(m);
      String key = SourcedTree.keyOf(at);
      JsonNode found = tree.root().at(at);
      if (e instanceof MismatchedInputException && found.isMissingNode()) {
        String parent = pointer + parentOf(locate(m));
        String missing = at.substring(at.lastIndexOf('/') + 1);
        return new Problem(tree.origin(parent), SourcedTree.keyOf(parent), "missing required key '" + missing + "'");
      }
      if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
        return new Problem(tree.origin(at), key, "expected one of " + enumValues(f.getTargetType())
            + ", found " + SourcedTree.describe(found));
      }
      Class<?> target = e instanceof MismatchedInputException mi ? mi.getTargetType() : null;
      return new Problem(tree.origin(at), key,
          "expected " + expectation(target) + ", found " + SourcedTree.describe(found));
    }
    return new Problem(tree.origin(pointer), SourcedTree.keyOf(pointer), "cannot read: " + e.getMessage());
  }

  private static String parentOf(String pointer) {
    int slash = pointer.lastIndexOf('/');
    return slash <= 0 ? "" : pointer.substring(0, slash);
  }

  private static String locate(JsonMappingException e) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
    }
    return pointer.toString();
  }

  static String expectation(Class<?> target) {
    if (target == null) {
      return "a value of another type";
    }
    if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
      return "a whole number";
    }
    if (target == float.class || target == Float.class || target == double.class || target == Double.class) {
      return "a number";
    }
    if (target == boolean.class || target == Boolean.class) {
      return "true or false";
    }
    if (target == String.class || target == java.nio.file.Path.class) {
      return "text";
    }
    if (target.isEnum()) {
      return "one of " + enumValues(target);
    }
    if (target.isRecord()) {
      return "a map of keys (" + keyList(target) + ")";
    }
    if (List.class.isAssignableFrom(target)) {
      return "a list";
    }
    return "a " + target.getSimpleName();
  }

  static String enumValues(Class<?> type) {
    return Arrays.stream(type.getEnumConstants()).map(c -> dashed((Enum<?>) c)).collect(Collectors.joining(", "));
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  static String dashed(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Reads enums written in lower case with dashes (or underscores), and nothing else. */
  private static final class DashedEnums extends SimpleDeserializers {
    @Override
    public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config, BeanDescription bean) {
      return new JsonDeserializer<Object>() {
        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
          if (!p.currentToken().isScalarValue() || p.currentToken().isNumeric()
              || p.currentToken().isBoolean()) {
            return ctxt.handleUnexpectedToken(type, p);
          }
          String text = p.getText();
          for (Object constant : type.getEnumConstants()) {
            if (dashed((Enum<?>) constant).equals(text.replace('_', '-'))) {
              return constant;
            }
          }
          throw InvalidFormatException.from(p, "not one of " + enumValues(type), text, type);
        }
      };
    }
  }

  @SuppressWarnings("rawtypes")
  private static final class DashedEnumSerializer extends StdSerializer<Enum> {
    DashedEnumSerializer() {
      super(Enum.class);
    }

    @Override
    public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(dashed(value));
    }
  }
}
