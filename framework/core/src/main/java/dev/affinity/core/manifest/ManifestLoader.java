package dev.affinity.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.affinity.core.discovery.PluginConstructor;
import dev.affinity.core.discovery.PluginDescriptor;
import dev.affinity.core.discovery.PluginRegistry;
import dev.affinity.spi.PluginKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a manifest file into an {@link Experiment}: every variant bound, every plugin found and its
 * settings validated, every problem of every variant reported at once.
 *
 * <p>Besides the keys of {@link Manifest}, a file may hold {@code seeds:} (default {@code [1]}),
 * {@code variants:} (name to overrides, each a map of dotted keys as {@code --set} takes them) and
 * {@code baseline:} (default the first variant). Overrides apply in this order: the file, the variant,
 * then {@code --set key=value} from the command line.
 */
public final class ManifestLoader {

  /** The variant a manifest without {@code variants:} has. */
  public static final String DEFAULT_VARIANT = "default";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final List<String> FILE_KEYS = List.of("seeds", "variants", "baseline");

  private final PluginRegistry registry;

  public ManifestLoader(PluginRegistry registry) {
    this.registry = registry;
  }

  /**
   * Reads and validates a manifest.
   *
   * @param file the manifest file
   * @param overrides {@code key=value} pairs, applied to every variant after the file's own
   * @throws ManifestException with every problem found
   */
  public Experiment load(Path file, List<String> overrides) throws ManifestException {
    SourcedTree tree = SourcedTree.read(file);
    List<Problem> problems = new ArrayList<>();
    ObjectNode root = tree.root();

    List<String> valid = Stream.concat(
        Arrays.stream(Manifest.class.getRecordComponents()).map(c -> RecordBinder.snake(c.getName())),
        FILE_KEYS.stream()).toList();
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!valid.contains(key)) {
        problems.add(new Problem(tree.origin("/" + key), key, RecordBinder.unknownKey(key, valid)));
        keys.remove();
      }
    }

    List<Long> seeds = seeds(tree, problems);
    Map<String, JsonNode> variants = variants(tree, problems);
    String baseline = baseline(tree, variants, problems);

    List<Override> commandLine = new ArrayList<>();
    for (String override : overrides) {
      parseOverride(override, problems).ifPresent(commandLine::add);
    }

    List<RunPlan> plans = new ArrayList<>();
    for (Map.Entry<String, JsonNode> variant : variants.entrySet()) {
      SourcedTree run = tree.copy();
      FILE_KEYS.forEach(run.root()::remove);
      expandShorthands(run, problems);
      String variantPointer = "/variants/" + variant.getKey();
      for (Iterator<Map.Entry<String, JsonNode>> it = variant.getValue().fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        apply(run, new Override(e.getKey(), e.getValue(), tree.origin(variantPointer + "/" + e.getKey())), problems);
      }
      for (Override o : commandLine) {
        apply(run, o, problems);
      }
      resolve(run, variant.getKey(), problems).ifPresent(plans::add);
    }
    // Variants share most of the file: one mistake would otherwise be reported once per variant.
    List<Problem> distinct = new ArrayList<>(new LinkedHashSet<>(problems));
    if (!distinct.isEmpty()) {
      throw new ManifestException(distinct);
    }
    String name = plans.get(0).manifest().name();
    return new Experiment(file, name, seeds, baseline, plans);
  }

  private record Override(String key, JsonNode value, Origin origin) {}

  private static Optional<Override> parseOverride(String text, List<Problem> problems) {
    Origin origin = Origin.override(text);
    int eq = text.indexOf('=');
    if (eq <= 0) {
      problems.add(new Problem(origin, "", "expected key=value, such as training.epochs=3"));
      return Optional.empty();
    }
    try {
      return Optional.of(new Override(text.substring(0, eq).trim(),
          SourcedTree.parseValue(text.substring(eq + 1), origin), origin));
    } catch (ManifestException e) {
      problems.addAll(e.problems());
      return Optional.empty();
    }
  }

  private static void apply(SourcedTree run, Override override, List<Problem> problems) {
    if (FILE_KEYS.contains(override.key().split("\\.")[0])) {
      problems.add(new Problem(override.origin(), override.key(),
          "seeds, variants and baseline belong to the file, not to a variant; use --seeds or --variant"));
      return;
    }
    try {
      run.set(override.key(), override.value(), override.origin());
    } catch (ManifestException e) {
      problems.addAll(e.problems());
    }
    expandShorthands(run, problems);
  }

  /** Where a manifest names a single plugin. */
  private static final List<String> PLUGIN_KEYS =
      List.of("dataset", "sampler", "backbone", "message_passing.attention");

  /**
   * Turns {@code sampler: class-balanced} into {@code sampler: {name: class-balanced}}, so that an override
   * such as {@code sampler.params.images_per_class=4} can reach into a plugin written as shorthand.
   */
  private static void expandShorthands(SourcedTree run, List<Problem> problems) {
    List<String> keys = new ArrayList<>(PLUGIN_KEYS);
    JsonNode metrics = run.root().at("/evaluation/metrics");
    for (int i = 0; metrics.isArray() && i < metrics.size(); i++) {
      keys.add("evaluation.metrics." + i);
    }
    for (String key : keys) {
      String pointer = "/" + key.replace('.', '/');
      JsonNode node = run.root().at(pointer);
      if (node.isTextual() && !node.asText().equals("off") && !node.asText().isBlank()) {
        try {
          run.set(key, JsonNodeFactory.instance.objectNode().put("name", node.asText()), run.origin(pointer));
        } catch (ManifestException e) {
          problems.addAll(e.problems());
        }
      }
    }
  }

  private static List<Long> seeds(SourcedTree tree, List<Problem> problems) {
    JsonNode node = tree.root().get("seeds");
    if (node == null) {
      return List.of(1L);
    }
    List<Long> seeds = new ArrayList<>();
    JsonNode items = node.isArray() ? node : JsonNodeFactory.instance.arrayNode().add(node);
    for (int i = 0; i < items.size(); i++) {
      JsonNode seed = items.get(i);
      if (!seed.isIntegralNumber() || seed.asLong() < 0) {
        problems.add(new Problem(tree.origin("/seeds" + (node.isArray() ? "/" + i : "")), "seeds",
            "expected whole numbers of 0 or more, found " + SourcedTree.describe(seed)));
      } else if (seeds.contains(seed.asLong())) {
        problems.add(new Problem(tree.origin("/seeds/" + i), "seeds", "the seed " + seed.asLong() + " appears twice"));
      } else {
        seeds.add(seed.asLong());
      }
    }
    if (seeds.isEmpty() && problems.isEmpty()) {
      problems.add(new Problem(tree.origin("/seeds"), "seeds", "at least one seed is needed, such as [1, 2, 3]"));
    }
    return seeds;
  }

  private static Map<String, JsonNode> variants(SourcedTree tree, List<Problem> problems) {
    Map<String, JsonNode> variants = new java.util.LinkedHashMap<>();
    JsonNode node = tree.root().get("variants");
    if (node == null || node.isNull()) {
      variants.put(DEFAULT_VARIANT, JsonNodeFactory.instance.objectNode());
      return variants;
    }
    if (!node.isObject() || node.isEmpty()) {
      problems.add(new Problem(tree.origin("/variants"), "variants",
          "expected a map of variant names to overrides, such as {gat: {message_passing.attention: gat}}, found "
              + SourcedTree.describe(node)));
      variants.put(DEFAULT_VARIANT, JsonNodeFactory.instance.objectNode());
      return variants;
    }
    node.fields().forEachRemaining(e -> {
      String pointer = "/variants/" + e.getKey();
      if (!NAME.matcher(e.getKey()).matches()) {
        problems.add(new Problem(tree.origin(pointer), "variants." + e.getKey(),
            "a variant name is lower case letters, digits, dashes and underscores"));
      } else if (e.getValue().isNull()) {
        variants.put(e.getKey(), JsonNodeFactory.instance.objectNode());
      } else if (!e.getValue().isObject()) {
        problems.add(new Problem(tree.origin(pointer), "variants." + e.getKey(),
            "expected a map of overrides (dotted keys to values), found " + SourcedTree.describe(e.getValue())));
      } else {
        variants.put(e.getKey(), e.getValue());
      }
    });
    if (variants.isEmpty()) {
      variants.put(DEFAULT_VARIANT, JsonNodeFactory.instance.objectNode());
    }
    return variants;
  }

  private static String baseline(SourcedTree tree, Map<String, JsonNode> variants, List<Problem> problems) {
    JsonNode node = tree.root().get("baseline");
    String first = variants.keySet().iterator().next();
    if (node == null) {
      return first;
    }
    if (!node.isTextual() || !variants.containsKey(node.asText())) {
      problems.add(new Problem(tree.origin("/baseline"), "baseline",
          "expected one of the variants (" + String.join(", ", variants.keySet()) + "), found "
              + SourcedTree.describe(node)));
      return first;
    }
    return node.asText();
  }

  private Optional<RunPlan> resolve(SourcedTree run, String variant, List<Problem> problems) {
    ObjectNode root = run.root();
    // `message_passing: off` reads as YAML's false: the backbone-only ablation.
    JsonNode mpn = root.get("message_passing");
    if (mpn != null && (mpn.isBoolean() || (mpn.isTextual() && mpn.asText().equals("off")))) {
      boolean on = mpn.isBoolean() && mpn.asBoolean();
      ObjectNode section = JsonNodeFactory.instance.objectNode().put("enabled", on);
      try {
        run.set("message_passing", section, run.origin("/message_passing"));
      } catch (ManifestException e) {
        problems.addAll(e.problems());
      }
    }
    int before = problems.size();
    for (String required : List.of("name", "dataset")) {
      if (!root.has(required)) {
        problems.add(new Problem(run.origin(""), "", "missing required key '" + required + "'"));
      }
    }
    JsonNode name = root.get("name");
    if (name != null && (!name.isTextual() || !NAME.matcher(name.asText()).matches())) {
      problems.add(new Problem(run.origin("/name"), "name",
          "expected lower case letters, digits, dashes and underscores (it names the run directory), found "
              + SourcedTree.describe(name)));
    }
    Optional<Manifest> bound = RecordBinder.bind(run, "", Manifest.class, new Manifest(), problems);
    if (bound.isEmpty()) {
      return Optional.empty();
    }
    Manifest manifest = bound.get();
    ObjectNode resolved = (ObjectNode) RecordBinder.toTree(manifest);

    PluginChoice dataset = choose(run, "/dataset", PluginKind.DATASET, manifest.dataset(), resolved, problems);
    PluginChoice sampler = choose(run, "/sampler", PluginKind.SAMPLER, manifest.sampler(), resolved, problems);
    PluginChoice backbone = choose(run, "/backbone", PluginKind.BACKBONE, manifest.backbone(), resolved, problems);
    PluginChoice attention = null;
    MessagePassingSection mp = manifest.messagePassing();
    if (mp.enabled() && !mp.attention().isOff()) {
      attention = choose(run, "/message_passing/attention", PluginKind.ATTENTION, mp.attention(), resolved, problems);
      if (manifest.embeddingDim() % mp.heads() != 0) {
        problems.add(new Problem(run.origin("/message_passing/heads"), "message_passing.heads",
            "embedding_dim (" + manifest.embeddingDim() + ") must be divisible by heads (" + mp.heads() + ")"));
      }
    }
    List<LossChoice> losses = new ArrayList<>();
    for (int i = 0; i < manifest.losses().size(); i++) {
      Manifest.LossSection loss = manifest.losses().get(i);
      if (loss.head() == dev.affinity.core.model.Head.MPN && !mp.enabled()) {
        // The backbone-only ablation keeps the file's loss list: losses on the absent head drop out.
        continue;
      }
      PluginChoice plugin = choose(run, "/losses/" + i, PluginKind.LOSS, loss.plugin(), resolved, problems);
      if (plugin != null) {
        losses.add(new LossChoice(loss, plugin));
      }
    }
    List<PluginChoice> metrics = new ArrayList<>();
    for (int i = 0; i < manifest.evaluation().metrics().size(); i++) {
      metrics.add(choose(run, "/evaluation/metrics/" + i, PluginKind.METRIC, manifest.evaluation().metrics().get(i),
          resolved, problems));
    }
    if (manifest.dataset().isOff()) {
      problems.add(new Problem(run.origin("/dataset"), "dataset", "a run needs a data set; it cannot be off"));
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    if (losses.isEmpty()) {
      problems.add(new Problem(run.origin("/losses"), "losses",
          "no loss applies to this variant: message passing is off, so losses on head: mpn drop out; "
              + "add one with head: backbone"));
      return Optional.empty();
    }
    return Optional.of(new RunPlan(variant, manifest, dataset, sampler, backbone, attention, losses, metrics, resolved));
  }

  /**
   * Finds a plugin and binds its {@code params:}; records a problem and returns null when either fails.
   * Writes the plugin's full settings into {@code resolved} at the same place.
   */
  private PluginChoice choose(
      SourcedTree run, String pointer, PluginKind kind, PluginRef ref, ObjectNode resolved, List<Problem> problems) {
    if (ref.isOff()) {
      problems.add(new Problem(run.origin(pointer), SourcedTree.keyOf(pointer),
          "this " + kind.label() + " cannot be off; name a " + kind.label() + " plugin"));
      return null;
    }
    // Shorthand (`backbone: small-cnn`) was expanded to a map: point at what the user wrote.
    String namePointer = run.written(pointer + "/name") ? pointer + "/name" : pointer;
    PluginDescriptor plugin;
    try {
      plugin = registry.require(kind, ref.name());
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(run.origin(namePointer), SourcedTree.keyOf(namePointer), e.getMessage()));
      return null;
    }
    PluginConstructor constructor = PluginConstructor.of(plugin.type());
    Record settings = null;
    String paramsPointer = pointer + "/params";
    if (constructor.settings().isEmpty()) {
      if (!ref.params().isEmpty()) {
        problems.add(new Problem(run.origin(paramsPointer), SourcedTree.keyOf(paramsPointer),
            kind.label() + " '" + ref.name() + "' takes no params"));
        return null;
      }
    } else {
      Optional<? extends Record> bound = bindSettings(run, paramsPointer, constructor, problems);
      if (bound.isEmpty()) {
        return null;
      }
      settings = bound.get();
      JsonNode at = resolved.at(pointer);
      if (at.isObject()) {
        ((ObjectNode) at).set("params", RecordBinder.toTree(settings));
      }
    }
    return new PluginChoice(plugin, settings);
  }

  @SuppressWarnings("unchecked")
  private static <R extends Record> Optional<R> bindSettings(
      SourcedTree run, String pointer, PluginConstructor constructor, List<Problem> problems) {
    Class<R> type = (Class<R>) constructor.settingsType();
    R defaults = (R) constructor.defaultSettings().orElse(null);
    return RecordBinder.bind(run, pointer, type, defaults, problems);
  }
}
