package dev.affinity.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.core.testing.FixturePlugins;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken manifests through the real command line: each exits with 2 and prints the file, the line, the
 * key, what was wrong and what would be valid, and no stack trace.
 */
class BrokenManifestTest {

  @TempDir static Path work;
  static Path plugins;

  @BeforeAll
  static void fixtures() throws Exception {
    plugins = work.resolve("plugins");
    FixturePlugins.build(work, plugins);
  }

  private static final String M = FixturePlugins.MANIFEST;

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of("an unknown top-level key", M + "epochs: 3\n", List.of(),
            "m.yaml:13: epochs: unknown key 'epochs'; valid keys: backbone, baseline, dataset, description, device, "
                + "embedding_dim, evaluation, images, losses, message_passing, name, optimizer, sampler, seeds, "
                + "training, variants"),
        Arguments.of("a misspelt key in a section", M.replace("  heads: 2", "  hedas: 2"), List.of(),
            "m.yaml:7: message_passing.hedas: unknown key 'hedas'; did you mean 'heads'? valid keys: attention, "
                + "attention_dropout, dropout, enabled, feed_forward, feed_forward_width, head_input, heads, layers"),
        Arguments.of("text where a number belongs", M + "embedding_dim: big\n", List.of(),
            "m.yaml:13: embedding_dim: expected a whole number, found the text 'big'"),
        Arguments.of("a fraction where a whole number belongs", M + "embedding_dim: 1.5\n", List.of(),
            "m.yaml:13: embedding_dim: expected a whole number, found the number 1.5"),
        Arguments.of("a value the section refuses", M.replace("  heads: 2", "  heads: 0"), List.of(),
            "m.yaml:7: message_passing.heads: heads must be at least 1, was 0"),
        Arguments.of("a missing required key", M.replace("name: fx\n", ""), List.of(),
            "m.yaml:1: missing required key 'name'"),
        Arguments.of("an unknown plugin", M.replace("backbone: fx-net", "backbone: fx-nte"), List.of(),
            "m.yaml:4: backbone: unknown backbone 'fx-nte'; did you mean 'fx-net'? available: "),
        Arguments.of("an unknown plugin setting",
            M.replace("  attention: fx-attention", "  attention: {name: fx-attention, params: {temprature: 2}}"),
            List.of(), "m.yaml:6: message_passing.attention.params.temprature: unknown key 'temprature'; did you "
                + "mean 'temperature'? valid keys: softmax, temperature"),
        Arguments.of("a value outside an enum",
            M.replace("  attention: fx-attention", "  attention: {name: fx-attention, params: {softmax: sparse}}"),
            List.of(), "m.yaml:6: message_passing.attention.params.softmax: expected one of plain, "
                + "extra-zero-logit, found the text 'sparse'"),
        Arguments.of("a missing required plugin setting", M.replace(", classes: 10", ""), List.of(),
            "m.yaml:2: dataset.params: missing required key 'classes'"),
        Arguments.of("settings for a plugin that takes none",
            M.replace("backbone: fx-net", "backbone: {name: fx-net, params: {depth: 3}}"), List.of(),
            "m.yaml:4: backbone.params: backbone 'fx-net' takes no params"),
        Arguments.of("a plugin's own validation",
            M.replace("sampler: fx-sampler", "sampler: {name: fx-sampler, params: {images_per_class: 1}}"),
            List.of(), "m.yaml:3: sampler.params.images_per_class: images_per_class must be at least 2, was 1"),
        Arguments.of("broken YAML", M + "training: {epochs: [3}\n", List.of(),
            "m.yaml:13: not valid YAML: "),
        Arguments.of("a key written twice", M + "name: again\n", List.of(),
            "m.yaml:13: name: this key appears twice"),
        Arguments.of("a tag naming a Java type", M + "description: !!javax.script.ScriptEngineManager x\n", List.of(),
            "m.yaml:13: not valid YAML: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager"),
        Arguments.of("an alias bomb", M + "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", List.of(),
            "m.yaml: not a valid manifest document: Number of aliases for non-scalar nodes exceeds the specified max=16"),
        Arguments.of("an unknown head", M.replace("head: mpn", "head: neck"), List.of(),
            "m.yaml:10: losses[1].head: expected one of backbone, mpn, found the text 'neck'"),
        Arguments.of("a negative loss weight", M.replace("head: backbone, weight: 1", "head: backbone, weight: -1"),
            List.of(), "m.yaml:9: losses[0].weight: weight must be greater than 0, was -1.0"),
        Arguments.of("an ill-typed override", M, List.of("--set", "training.epochs=many"),
            "--set training.epochs=many: training.epochs: expected a whole number, found the text 'many'"),
        Arguments.of("an override without a value", M, List.of("--set", "training.epochs"),
            "--set training.epochs: expected key=value, such as training.epochs=3"),
        Arguments.of("an override through a value that is not a map", M, List.of("--set", "name.first=x"),
            "--set name.first=x: name.first: 'name' is the text 'fx', not a map, so it has no key 'first'"),
        Arguments.of("a baseline that is not a variant", M + "variants: {a: {}, b: {}}\nbaseline: c\n", List.of(),
            "m.yaml:14: baseline: expected one of the variants (a, b), found the text 'c'"),
        Arguments.of("a variant overriding an unknown key",
            M + "variants:\n  wide: {message_passing.hedas: 4}\n", List.of(),
            "m.yaml:14: message_passing.hedas: unknown key 'hedas'; did you mean 'heads'?"),
        Arguments.of("heads that do not divide the embedding", M.replace("  heads: 2", "  heads: 3"), List.of(),
            "m.yaml:7: message_passing.heads: embedding_dim (512) must be divisible by heads (3)"),
        Arguments.of("a seed given twice", M + "seeds: [1, 1]\n", List.of(),
            "m.yaml:13: seeds: the seed 1 appears twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void exitsWithTwoAndNamesTheLineAndTheKey(String what, String yaml, List<String> extra, String expected)
      throws Exception {
    Path file = Files.writeString(work.resolve("m.yaml"), yaml);
    List<String> args = new ArrayList<>(List.of("validate", file.toString(), "--plugins", plugins.toString()));
    args.addAll(extra);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));

    String message = err.toString().replace(work.toString() + "/", "");
    assertThat(code).as(message).isEqualTo(2);
    assertThat(message).contains(expected.startsWith("--set") ? "  " + expected : "  " + expected);
    assertThat(message).doesNotContain("\tat ");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void everyProblemIsReportedAtOnce() throws Exception {
    Path file = Files.writeString(work.resolve("m.yaml"),
        M.replace("  heads: 2", "  hedas: 2").replace("backbone: fx-net", "backbone: fx-nte") + "epochs: 3\n");
    StringWriter err = new StringWriter();

    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "validate", file.toString(), "--plugins", plugins.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("3 problems in the manifest:\n")
        .contains("epochs: unknown key").contains("message_passing.hedas: unknown key")
        .contains("backbone: unknown backbone 'fx-nte'");
  }

  @Test
  void aValidManifestPrintsAOneLineSummary() throws Exception {
    Path file = Files.writeString(work.resolve("ok.yaml"), M + "seeds: [1, 2]\nvariants: {a: {}, b: {message_passing: off}}\n");
    StringWriter out = new StringWriter();

    int code = Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
        "validate", file.toString(), "--plugins", plugins.toString());

    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo(file + ": valid: 'fx', 2 variants (a, b) x 2 seeds = 4 runs\n");
  }

  @Test
  void everyManifestShippedInExperimentsIsValid() throws Exception {
    List<Path> manifests;
    try (Stream<Path> files = Files.walk(Path.of(System.getProperty("affinity.experiments")))) {
      manifests = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(manifests).extracting(p -> p.getFileName().toString()).contains("quickstart.yaml", "cub.yaml",
        "cars.yaml", "sop.yaml", "inshop.yaml");
    for (Path manifest : manifests) {
      StringWriter err = new StringWriter();
      int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "validate", manifest.toString());
      assertThat(code).as("%s: %s", manifest, err).isZero();
    }
  }

  @Test
  void aMissingFileIsBadInput() throws Exception {
    StringWriter err = new StringWriter();

    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "validate", work.resolve("nope.yaml").toString(), "--plugins", plugins.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(work.resolve("nope.yaml") + ": cannot read the file: ");
  }
}
