package dev.affinity.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A jar of small plugins of every kind, named {@code fx-...}, whose settings exercise the manifest binder:
 * required keys, defaults, enums, validation. Built once per test class with {@link TestJars}.
 */
public final class FixturePlugins {

  private FixturePlugins() {}

  private static final String IMPORTS = "import dev.affinity.spi.attention.*; import dev.affinity.spi.backbone.*; "
      + "import dev.affinity.spi.data.*; import dev.affinity.spi.loss.*; import dev.affinity.spi.metric.*;\n";

  /** Writes the fixture jar into {@code pluginsFolder}. */
  public static Path build(Path work, Path pluginsFolder) throws IOException {
    Files.createDirectories(pluginsFolder);
    return TestJars.build(work, pluginsFolder.resolve("fixtures.jar"), Map.of(
        "fx.Data", "package fx;" + IMPORTS
            + "@Dataset(name = \"fx-data\", description = \"fixture data set\")\n"
            + "public final class Data implements DatasetLoader {\n"
            + "  /** No no-argument constructor: every key is required. */\n"
            + "  public record Settings(String root, int classes) {}\n"
            + "  public Data(Settings s) {}\n"
            + "  public DatasetSplits load() { return null; } }",
        "fx.Pairs", "package fx;" + IMPORTS
            + "@Sampler(name = \"fx-sampler\", description = \"fixture sampler\")\n"
            + "public final class Pairs implements BatchSampler {\n"
            + "  public record Settings(int classesPerBatch, int imagesPerClass) {\n"
            + "    public Settings() { this(6, 9); }\n"
            + "    public Settings { if (imagesPerClass < 2) throw new IllegalArgumentException("
            + "\"images_per_class must be at least 2, was \" + imagesPerClass); } }\n"
            + "  public Pairs(Settings s, java.util.Random r) {}\n"
            + "  public java.util.List<int[]> batches(int[] l, java.util.Random r) { return null; } }",
        "fx.Net", "package fx;" + IMPORTS
            + "@Backbone(name = \"fx-net\", description = \"fixture backbone\")\n"
            + "public final class Net implements BackboneNetwork {\n"
            + "  public ai.djl.nn.Block build(int d) { return null; } }",
        "fx.Att", "package fx;" + IMPORTS
            + "@AttentionMechanism(name = \"fx-attention\", description = \"fixture attention\")\n"
            + "public final class Att implements Attention {\n"
            + "  public enum Softmax { PLAIN, EXTRA_ZERO_LOGIT }\n"
            + "  public record Settings(Softmax softmax, double temperature) {\n"
            + "    public Settings() { this(Softmax.PLAIN, 1.0); } }\n"
            + "  public Att(Settings s, ai.djl.Device d) {}\n"
            + "  public AttentionBlock build(AttentionShape s) { return null; } }",
        "fx.Ce", "package fx;" + IMPORTS
            + "@Loss(name = \"fx-loss\", description = \"fixture loss\")\n"
            + "public final class Ce implements LossFunction {\n"
            + "  public record Settings(double epsilon) { public Settings() { this(0.1); } }\n"
            + "  public Ce(Settings s) {}\n"
            + "  public LossInput input() { return LossInput.LOGITS; }\n"
            + "  public LossBlock build(LossShape s) { return null; } }",
        "fx.Hits", "package fx;" + IMPORTS
            + "@Metric(name = \"fx-metric\", description = \"fixture metric\")\n"
            + "public final class Hits implements RetrievalMetric {\n"
            + "  public java.util.Map<String, Double> compute(RetrievalResult r) { return null; } }"),
        Map.of());
  }

  /** A valid manifest using only the fixture plugins. Line numbers matter to tests: keep the layout. */
  public static final String MANIFEST = """
      name: fx
      dataset: {name: fx-data, params: {root: /data, classes: 10}}
      sampler: fx-sampler
      backbone: fx-net
      message_passing:
        attention: fx-attention
        heads: 2
      losses:
        - {name: fx-loss, head: backbone, weight: 1}
        - {name: fx-loss, head: mpn, weight: 1}
      evaluation:
        metrics: [fx-metric]
      """;
}
