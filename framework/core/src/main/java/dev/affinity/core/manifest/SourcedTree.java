package dev.affinity.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML document as a Jackson tree, with the origin (file and line, or override) of every value, so that
 * every error can say where to look.
 *
 * <p>Loading is safe: only YAML's plain types (maps, lists, strings, numbers, booleans, null) are read; no
 * tag can name a Java type; documents over {@value #MAX_CODE_POINTS} characters, nested deeper than
 * {@value #MAX_DEPTH} or with more than {@value #MAX_ALIASES} aliases are refused, and so are duplicate keys.
 */
public final class SourcedTree {

  static final int MAX_CODE_POINTS = 1 << 20;
  static final int MAX_DEPTH = 32;
  static final int MAX_ALIASES = 16;

  private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL);

  private final ObjectNode root;
  private final Map<String, Origin> origins;

  private SourcedTree(ObjectNode root, Map<String, Origin> origins) {
    this.root = root;
    this.origins = origins;
  }

  /** Reads a manifest file; the file name in every origin is {@code file} as given. */
  public static SourcedTree read(Path file) throws ManifestException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ManifestException(List.of(new Problem(Origin.line(file.toString(), 0), "",
          "cannot read the file: " + e.getMessage())));
    }
    return parse(text, file.toString());
  }

  /** Parses a document held in memory; {@code source} names it in messages. */
  public static SourcedTree parse(String text, String source) throws ManifestException {
    Node node = compose(new StringReader(text), source);
    if (node == null) {
      return new SourcedTree(JsonNodeFactory.instance.objectNode(), new HashMap<>());
    }
    Converter converter = new Converter(source);
    JsonNode tree = converter.convert(node, "");
    if (!tree.isObject()) {
      converter.problems.add(new Problem(Origin.line(source, line(node.getStartMark())), "",
          "a manifest is a map of keys (name:, dataset:, ...), found " + describe(tree)));
    }
    if (!converter.problems.isEmpty()) {
      throw new ManifestException(converter.problems);
    }
    converter.origins.putIfAbsent("", Origin.line(source, 1));
    return new SourcedTree((ObjectNode) tree, converter.origins);
  }

  /**
   * Parses one YAML value written on a command line ({@code 3}, {@code gat}, {@code [1, 2]}, {@code off}).
   */
  static JsonNode parseValue(String text, Origin origin) throws ManifestException {
    Node node = compose(new StringReader(text), origin.toString());
    if (node == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    Converter converter = new Converter(origin.toString()) {
      @Override
      Origin originOf(Node n) {
        return origin;
      }
    };
    JsonNode value = converter.convert(node, "");
    if (!converter.problems.isEmpty()) {
      throw new ManifestException(converter.problems);
    }
    return value;
  }

  private static Node compose(Reader reader, String source) throws ManifestException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowRecursiveKeys(false);
    try {
      return new Yaml(options).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new ManifestException(List.of(new Problem(Origin.line(source, line(mark)), "",
          "not valid YAML: " + what)));
    } catch (YAMLException e) {
      throw new ManifestException(List.of(new Problem(Origin.line(source, 0), "",
          "not a valid manifest document: " + e.getMessage())));
    }
  }

  private static int line(Mark mark) {
    return mark == null ? 0 : mark.getLine() + 1;
  }

  /** The document as a tree. The caller may read it; changes go through {@link #set}. */
  public ObjectNode root() {
    return root;
  }

  /** A deep copy whose changes do not touch this tree. */
  public SourcedTree copy() {
    return new SourcedTree(root.deepCopy(), new HashMap<>(origins));
  }

  /**
   * Where the value at a JSON pointer came from: its own origin, or the nearest enclosing value's.
   *
   * @param pointer such as {@code /message_passing/heads} or {@code /losses/0}
   */
  public Origin origin(String pointer) {
    String p = pointer;
    while (true) {
      Origin origin = origins.get(p);
      if (origin != null || p.isEmpty()) {
        return origin != null ? origin : Origin.line("manifest", 0);
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** Whether the value at a pointer was written as such (not only as part of an enclosing value). */
  public boolean written(String pointer) {
    return origins.containsKey(pointer);
  }

  /**
   * Replaces the value at a dotted key, creating the maps on the way.
   *
   * @param dottedKey such as {@code message_passing.attention.name}
   * @throws ManifestException when a part of the key runs through a value that is not a map
   */
  public void set(String dottedKey, JsonNode value, Origin origin) throws ManifestException {
    String[] parts = dottedKey.split("\\.", -1);
    JsonNode node = root;
    StringBuilder pointer = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        throw new ManifestException(List.of(new Problem(origin, dottedKey, "a key has no empty parts")));
      }
      pointer.append('/').append(part);
      boolean last = i == parts.length - 1;
      if (node instanceof ArrayNode array) {
        int index = index(part, array.size());
        if (index < 0) {
          throw new ManifestException(List.of(new Problem(origin, dottedKey, "'" + prefix(parts, i)
              + "' is a list of " + array.size() + " items; '" + part + "' is not an index from 0 to "
              + (array.size() - 1))));
        }
        if (last) {
          array.set(index, value);
        } else {
          node = container(array.get(index), parts, i, origin, dottedKey, next -> array.set(index, next));
        }
      } else {
        ObjectNode object = (ObjectNode) node;
        if (last) {
          object.set(part, value);
        } else {
          node = container(object.get(part), parts, i, origin, dottedKey, next -> object.set(part, next));
        }
      }
    }
    String prefix = pointer.toString();
    origins.keySet().removeIf(k -> k.equals(prefix) || k.startsWith(prefix + "/"));
    origins.put(prefix, origin);
  }

  /** The map or list to walk into at {@code parts[i]}, made a map when absent or switched off. */
  private static JsonNode container(JsonNode next, String[] parts, int i, Origin origin, String dottedKey,
      java.util.function.Consumer<JsonNode> replace) throws ManifestException {
    if (next == null || next.isNull() || next.isBoolean()) {
      // A section switched off (false) or absent becomes a map again when a key inside it is set.
      ObjectNode fresh = JsonNodeFactory.instance.objectNode();
      replace.accept(fresh);
      return fresh;
    }
    if (!next.isContainerNode()) {
      throw new ManifestException(List.of(new Problem(origin, dottedKey, "'" + prefix(parts, i + 1) + "' is "
          + describe(next) + ", not a map, so it has no key '" + parts[i + 1] + "'")));
    }
    return next;
  }

  private static String prefix(String[] parts, int count) {
    return String.join(".", List.of(parts).subList(0, count));
  }

  private static int index(String part, int size) {
    try {
      int index = Integer.parseInt(part);
      return index >= 0 && index < size ? index : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** "a list", "the number 3", ...: how messages describe a value the user wrote. */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "a map";
      case BOOLEAN -> "the boolean " + node.asText();
      case NUMBER -> "the number " + node.asText();
      case NULL -> "null";
      case STRING -> "the text '" + node.asText() + "'";
      default -> node.toString();
    };
  }

  /** Turns composed YAML nodes into Jackson nodes, recording origins and collecting problems. */
  private static class Converter {
    final String source;
    final Map<String, Origin> origins = new HashMap<>();
    final List<Problem> problems = new java.util.ArrayList<>();

    Converter(String source) {
      this.source = source;
    }

    Origin originOf(Node node) {
      return Origin.line(source, line(node.getStartMark()));
    }

    JsonNode convert(Node node, String pointer) {
      origins.put(pointer, originOf(node));
      JsonNodeFactory f = JsonNodeFactory.instance;
      if (node instanceof MappingNode map) {
        ObjectNode object = f.objectNode();
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : map.getValue()) {
          if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
            problems.add(new Problem(originOf(tuple.getKeyNode()), keyOf(pointer), "keys must be plain words"));
            continue;
          }
          String name = key.getValue();
          if (!seen.add(name)) {
            problems.add(new Problem(originOf(key), keyOf(pointer + "/" + name), "this key appears twice"));
            continue;
          }
          object.set(name, convert(tuple.getValueNode(), pointer + "/" + name));
        }
        return object;
      }
      if (node instanceof SequenceNode sequence) {
        ArrayNode array = f.arrayNode();
        for (int i = 0; i < sequence.getValue().size(); i++) {
          array.add(convert(sequence.getValue().get(i), pointer + "/" + i));
        }
        return array;
      }
      ScalarNode scalar = (ScalarNode) node;
      Tag tag = scalar.getTag();
      if (!SCALAR_TAGS.contains(tag)) {
        problems.add(new Problem(originOf(node), keyOf(pointer),
            "the tag " + tag + " is not allowed; a manifest holds plain text, numbers, booleans and null"));
        return f.nullNode();
      }
      String text = scalar.getValue();
      if (tag.equals(Tag.INT)) {
        try {
          return f.numberNode(Long.decode(text.replace("_", "")));
        } catch (NumberFormatException e) {
          return f.textNode(text);
        }
      }
      if (tag.equals(Tag.FLOAT)) {
        try {
          return f.numberNode(Double.parseDouble(text.replace("_", "")));
        } catch (NumberFormatException e) {
          return f.textNode(text);
        }
      }
      if (tag.equals(Tag.BOOL)) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return f.booleanNode(t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y"));
      }
      if (tag.equals(Tag.NULL)) {
        return f.nullNode();
      }
      return f.textNode(text);
    }
  }

  /** {@code /losses/0/name} as users write it: {@code losses[0].name}. */
  static String keyOf(String pointer) {
    StringBuilder key = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.chars().allMatch(Character::isDigit)) {
        key.append('[').append(part).append(']');
      } else {
        key.append(key.length() == 0 ? "" : ".").append(part);
      }
    }
    return key.toString();
  }
}
