package dev.affinity.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.name.Names;
import dev.affinity.core.manifest.PluginChoice;
import dev.affinity.core.testing.TestJars;
import dev.affinity.core.wiring.PluginException;
import dev.affinity.core.wiring.PluginInstantiator;
import dev.affinity.core.wiring.PluginModule;
import dev.affinity.core.wiring.RunModule;
import dev.affinity.spi.PluginKind;
import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.attention.AttentionBlock;
import dev.affinity.spi.attention.AttentionShape;
import dev.affinity.spi.metric.RetrievalMetric;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDiscoveryTest {

  @TempDir Path work;

  private Path plugins() throws Exception {
    return Files.createDirectories(work.resolve("plugins"));
  }

  private static String attention(String pkg, String cls, String name, String body) {
    return "package " + pkg + ";\n"
        + "import dev.affinity.spi.attention.*;\n"
        + "@AttentionMechanism(name = \"" + name + "\", description = \"" + name + " for tests\")\n"
        + "public final class " + cls + " implements Attention {\n" + body + "\n"
        + "  public AttentionBlock build(AttentionShape shape) { throw new UnsupportedOperationException(); }\n}\n";
  }

  private static String metric(String pkg, String cls, String name, String value) {
    return "package " + pkg + ";\n"
        + "import dev.affinity.spi.metric.*;\n"
        + "@Metric(name = \"" + name + "\", description = \"" + name + " for tests\")\n"
        + "public final class " + cls + " implements RetrievalMetric {\n"
        + "  public java.util.Map<String, Double> compute(RetrievalResult r) { return java.util.Map.of(\"v\", " + value + "); }\n}\n";
  }

  @Test
  void theExamplePluginJarIsFoundWithItsJarAsOriginAndRunsThroughTheEngine() throws Exception {
    Path jar = TestJars.examplePlugin(plugins().resolve("affinity-example-attention.jar"));

    PluginRegistry registry = PluginDiscovery.discover(List.of(plugins()));

    PluginDescriptor cosine = registry.require(PluginKind.ATTENTION, "cosine");
    assertThat(cosine.origin().jarFile()).contains(jar.toAbsolutePath().normalize());
    assertThat(cosine.spiVersion()).isEqualTo("1.0");
    assertThat(cosine.description()).isEqualTo("cosine-similarity attention with a learned temperature (example plugin)");
    // Its own class loader, not the runner's: it is not on the class path.
    assertThat(cosine.type().getClassLoader()).isNotSameAs(getClass().getClassLoader());

    Attention attention = instantiator(registry).create(
        new PluginChoice(cosine, defaults(cosine)), Attention.class);
    try (NDManager manager = NDManager.newBaseManager()) {
      AttentionBlock block = attention.build(new AttentionShape(8, 2, 0f));
      block.initialize(manager, DataType.FLOAT32, new Shape(4, 8));
      NDArray x = manager.randomNormal(new Shape(4, 8));
      NDList out = block.forward(new ParameterStore(manager, false), new NDList(x), false);
      assertThat(out.get(0).getShape()).isEqualTo(new Shape(4, 8));
      assertThat(out.get(1).getShape()).isEqualTo(new Shape(2, 4, 4));
      // Softmax rows: every target's weights over its 4 sources sum to 1.
      assertThat(out.get(1).sum(new int[] {-1}).toFloatArray())
          .containsExactly(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void findsAPluginOfEveryKindInAJar() throws Exception {
    String imports = "import dev.affinity.spi.attention.*; import dev.affinity.spi.backbone.*; "
        + "import dev.affinity.spi.data.*; import dev.affinity.spi.loss.*; import dev.affinity.spi.metric.*;\n";
    TestJars.build(work, plugins().resolve("kinds.jar"), Map.of(
        "kinds.A", "package kinds;" + imports + "@AttentionMechanism(name = \"k-attention\", description = \"a\")"
            + " public final class A implements Attention { public AttentionBlock build(AttentionShape s) { return null; } }",
        "kinds.B", "package kinds;" + imports + "@Backbone(name = \"k-backbone\", description = \"b\")"
            + " public final class B implements BackboneNetwork { public ai.djl.nn.Block build(int d) { return null; } }",
        "kinds.D", "package kinds;" + imports + "@Dataset(name = \"k-dataset\", description = \"d\")"
            + " public final class D implements DatasetLoader { public DatasetSplits load() { return null; } }",
        "kinds.S", "package kinds;" + imports + "@Sampler(name = \"k-sampler\", description = \"s\")"
            + " public final class S implements BatchSampler {"
            + " public java.util.List<int[]> batches(int[] l, java.util.Random r) { return null; } }",
        "kinds.L", "package kinds;" + imports + "@Loss(name = \"k-loss\", description = \"l\")"
            + " public final class L implements LossFunction { public LossInput input() { return LossInput.LOGITS; }"
            + " public LossBlock build(LossShape s) { return null; } }",
        "kinds.M", "package kinds;" + imports + "@Metric(name = \"k-metric\", description = \"m\")"
            + " public final class M implements RetrievalMetric {"
            + " public java.util.Map<String, Double> compute(RetrievalResult r) { return null; } }"), Map.of());

    PluginRegistry registry = PluginDiscovery.discover(List.of(plugins()));

    for (PluginKind kind : PluginKind.values()) {
      PluginDescriptor found = registry.require(kind, "k-" + kind.label());
      assertThat(found.kind()).isEqualTo(kind);
      assertThat(found.origin().jar().getFileName().toString()).isEqualTo("kinds.jar");
    }
    assertThat(registry.problems()).isEmpty();
  }

  @Test
  void twoPluginsWithOneNameAreBothRefusedNamingBothJarsWhileTheRestLoads() throws Exception {
    Path a = TestJars.build(work, plugins().resolve("a.jar"), Map.of(
        "one.Twin", attention("one", "Twin", "twin", ""),
        "one.Solo", attention("one", "Solo", "solo", "")), Map.of());
    Path b = TestJars.build(work, plugins().resolve("b.jar"), Map.of(
        "two.Twin", attention("two", "Twin", "twin", "")), Map.of());

    PluginRegistry registry = PluginDiscovery.discover(List.of(plugins()));

    String expected = "two attention plugins are named 'twin': one.Twin (" + a.toAbsolutePath().normalize()
        + ") and two.Twin (" + b.toAbsolutePath().normalize() + "); remove one jar or rename one plugin";
    assertThat(registry.problems()).extracting(LoadProblem::message).containsExactly(expected);
    assertThatThrownBy(() -> registry.require(PluginKind.ATTENTION, "twin")).hasMessage(expected);
    assertThat(registry.find(PluginKind.ATTENTION, "solo")).isPresent();
  }

  @Test
  void aCorruptJarIsReportedAndTheOthersStillLoad() throws Exception {
    Files.writeString(plugins().resolve("broken.jar"), "this is not a zip file");
    TestJars.build(work, plugins().resolve("good.jar"), Map.of("good.Fine", attention("good", "Fine", "fine", "")),
        Map.of());

    PluginRegistry registry = PluginDiscovery.discover(List.of(plugins()));

    assertThat(registry.problems()).hasSize(1);
    LoadProblem problem = registry.problems().get(0);
    assertThat(problem.origin().jar().getFileName().toString()).isEqualTo("broken.jar");
    assertThat(problem.message()).startsWith("not a readable jar (").endsWith("); expected a zip file built by `mvn package`");
    assertThat(registry.find(PluginKind.ATTENTION, "fine")).isPresent();
  }

  @Test
  void aClassThatNeedsALibraryHiddenFromPluginsFailsToLinkAndIsNamed() throws Exception {
    // Jackson is on the runner's class path but not shown to plugins: a plugin must bring its own.
    TestJars.build(work, plugins().resolve("needy.jar"), Map.of("needy.Needy", attention("needy", "Needy", "needy",
        "  static final Object MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();")), Map.of());

    PluginRegistry registry = PluginDiscovery.discover(List.of(plugins()));

    assertThat(registry.problems()).singleElement().satisfies(p -> {
      assertThat(p.subject()).isEqualTo("needy.Needy");
      assertThat(p.origin().jar().getFileName().toString()).isEqualTo("needy.jar");
      assertThat(p.message()).isEqualTo(
          "cannot load the class: java.lang.NoClassDefFoundError: com/fasterxml/jackson/databind/ObjectMapper");
    });
    assertThat(registry.find(PluginKind.ATTENTION, "needy")).isEmpty();
  }

  @Test
  void aPluginStampedWithAnIncompatibleSpiIsRefusedWithTheVersions() throws Exception {
    TestJars.build(work, plugins().resolve("future.jar"), Map.of("future.Future", attention("future", "Future", "future", "")),
        Map.of("META-INF/affinity/plugins.properties", "future.Future=2.0\n"));

    PluginRegistry registry = PluginDiscovery.discover(List.of(plugins()));

    assertThat(registry.problems()).singleElement().hasToString(plugins().resolve("future.jar").toAbsolutePath()
        + ": future.Future: compiled against affinity-spi 2.0, which this runner (affinity-spi 1.0) cannot run;"
        + " rebuild the plugin against affinity-spi 1.0");
  }

  @Test
  void aConstructorThatThrowsIsReportedWithThePluginAndItsJar() throws Exception {
    Path jar = TestJars.build(work, plugins().resolve("grumpy.jar"), Map.of("grumpy.Grumpy", attention("grumpy",
        "Grumpy", "grumpy", "  public Grumpy() { throw new IllegalStateException(\"no licence key\"); }")), Map.of());
    PluginRegistry registry = PluginDiscovery.discover(List.of(plugins()));
    PluginDescriptor grumpy = registry.require(PluginKind.ATTENTION, "grumpy");

    assertThatThrownBy(() -> instantiator(registry).create(new PluginChoice(grumpy, null), Attention.class))
        .isInstanceOf(PluginException.class)
        .hasMessage("attention 'grumpy' (grumpy.Grumpy, " + jar.toAbsolutePath().normalize()
            + ") could not be created: IllegalStateException: no licence key");
  }

  @Test
  void eachJarSeesItsOwnCopyOfAClassBothBundle() throws Exception {
    String util = "package shared; public final class Util { public static double value() { return %s; } }";
    TestJars.build(work, plugins().resolve("left.jar"), Map.of("shared.Util", util.formatted("1.0"),
        "left.Left", metric("left", "Left", "left", "shared.Util.value()")), Map.of());
    TestJars.build(work, plugins().resolve("right.jar"), Map.of("shared.Util", util.formatted("2.0"),
        "right.Right", metric("right", "Right", "right", "shared.Util.value()")), Map.of());
    PluginRegistry registry = PluginDiscovery.discover(List.of(plugins()));
    PluginInstantiator instantiator = instantiator(registry);

    RetrievalMetric left = instantiator.create(new PluginChoice(registry.require(PluginKind.METRIC, "left"), null),
        RetrievalMetric.class);
    RetrievalMetric right = instantiator.create(new PluginChoice(registry.require(PluginKind.METRIC, "right"), null),
        RetrievalMetric.class);

    assertThat(left.compute(null)).containsEntry("v", 1.0);
    assertThat(right.compute(null)).containsEntry("v", 2.0);
  }

  @Test
  void theAnnotationProcessorRejectsAPluginClassThatCouldNeverLoad() throws Exception {
    Path src = Files.createDirectories(work.resolve("src/hidden"));
    Files.writeString(src.resolve("Hidden.java"), "package hidden;\nimport dev.affinity.spi.attention.*;\n"
        + "@AttentionMechanism(name = \"hidden\", description = \"h\")\n"
        + "final class Hidden implements Attention {\n"
        + "  public AttentionBlock build(AttentionShape s) { return null; }\n}\n");
    StringWriter diagnostics = new StringWriter();

    int code = TestJars.compile(work.resolve("src"), Files.createDirectories(work.resolve("classes")), diagnostics);

    assertThat(code).isNotZero();
    assertThat(diagnostics.toString()).contains("@AttentionMechanism plugin classes must be public and concrete");
  }

  @Test
  void thePluginGuidesExampleCompilesLoadsAndRuns() throws Exception {
    String guide = Files.readString(Path.of(System.getProperty("affinity.docs"), "plugin-guide.md"));
    int start = guide.indexOf("```java\n") + "```java\n".length();
    String source = guide.substring(start, guide.indexOf("```", start));
    TestJars.build(work, plugins().resolve("my-attention-1.0.jar"), Map.of("org.example.MeanFieldAttention", source),
        Map.of());
    PluginRegistry registry = PluginDiscovery.discover(List.of(plugins()));
    PluginDescriptor meanField = registry.require(PluginKind.ATTENTION, "mean-field");

    Attention attention = instantiator(registry).create(new PluginChoice(meanField, defaults(meanField)),
        Attention.class);
    try (NDManager manager = NDManager.newBaseManager()) {
      AttentionBlock block = attention.build(new AttentionShape(4, 2, 0f));
      block.initialize(manager, DataType.FLOAT32, new Shape(3, 4));
      NDList out = block.forward(new ParameterStore(manager, false),
          new NDList(manager.randomNormal(new Shape(3, 4))), false);
      // Uniform weights over 3 sources: every weight is 1/3.
      assertThat(out.get(1).toFloatArray())
          .containsOnly(new float[] {1f / 3}, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  @Test
  void aMissingPluginFolderIsSkippedQuietly() {
    PluginRegistry registry = PluginDiscovery.discover(List.of(work.resolve("no-such-folder")));

    assertThat(registry.problems()).isEmpty();
  }

  private static Record defaults(PluginDescriptor plugin) {
    return PluginConstructor.of(plugin.type()).defaultSettings().orElse(null);
  }

  /** A real injector: the plugin module as parent, a child with the run's seed, as a run has. */
  private static PluginInstantiator instantiator(PluginRegistry registry) {
    Injector parent = Guice.createInjector(new PluginModule(registry));
    return parent.createChildInjector(binder -> binder.bind(Long.class)
            .annotatedWith(Names.named(RunModule.SEED)).toInstance(7L))
        .getInstance(PluginInstantiator.class);
  }
}
