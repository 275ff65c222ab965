package dev.affinity.core.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/**
 * A plugin as a manifest names it: {@code gat}, or {@code {name: gat, params: {heads_merge: mean}}}, or
 * {@code off} where a section allows leaving the step out.
 *
 * @param name the plugin's name; empty for {@code off}
 * @param params the written settings, an object (possibly empty)
 */
public record PluginRef(String name, ObjectNode params) {

  /** The step is left out ({@code off} or {@code false} in YAML). */
  public static final PluginRef OFF = new PluginRef("", JsonNodeFactory.instance.objectNode());

  /** A plugin with its default settings. */
  public static PluginRef named(String name) {
    return new PluginRef(name, JsonNodeFactory.instance.objectNode());
  }

  /** Whether the step is left out. */
  public boolean isOff() {
    return name.isEmpty();
  }

  /** Reads the three written forms; anything else is an error naming them. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static PluginRef of(JsonNode node) {
    if (node.isTextual() && !node.asText().isBlank()) {
      return node.asText().equals("off") ? OFF : named(node.asText());
    }
    if (node.isBoolean() && !node.asBoolean()) {
      return OFF;
    }
    if (node.isObject()) {
      for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!key.equals("name") && !key.equals("params")) {
          throw new IllegalArgumentException(RecordBinder.unknownKey(key, List.of("name", "params")));
        }
      }
      JsonNode name = node.get("name");
      if (name == null || !name.isTextual() || name.asText().isBlank()) {
        throw new IllegalArgumentException("name: a plugin needs a name, such as {name: gat, params: {...}}");
      }
      JsonNode params = node.get("params");
      if (params != null && !params.isNull() && !params.isObject()) {
        throw new IllegalArgumentException("params: expected a map of the plugin's settings, found "
            + SourcedTree.describe(params));
      }
      return new PluginRef(name.asText(),
          params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) params);
    }
    throw new IllegalArgumentException("expected a plugin name, {name: ..., params: {...}} or off, found "
        + SourcedTree.describe(node));
  }

  /** How resolved.yaml writes it. */
  @JsonValue
  JsonNode toTree() {
    if (isOff()) {
      return JsonNodeFactory.instance.booleanNode(false);
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", name);
    node.set("params", params);
    return node;
  }
}
