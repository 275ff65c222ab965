package dev.affinity.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.core.discovery.PluginDiscovery;
import dev.affinity.core.discovery.PluginRegistry;
import dev.affinity.core.testing.FixturePlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a valid manifest turns into; the broken ones are in {@code BrokenManifestTest}. */
class ManifestLoaderTest {

  @TempDir static Path work;
  static PluginRegistry registry;

  @BeforeAll
  static void fixtures() throws Exception {
    FixturePlugins.build(work, work.resolve("plugins"));
    registry = PluginDiscovery.discover(List.of(work.resolve("plugins")));
  }

  private Experiment load(String yaml, String... overrides) throws Exception {
    Path file = Files.writeString(Files.createTempFile(work, "m", ".yaml"), yaml);
    return new ManifestLoader(registry).load(file, List.of(overrides));
  }

  @Test
  void aValidManifestHasTheDefaultsFilledAndItsPluginsBound() throws Exception {
    Experiment experiment = load(FixturePlugins.MANIFEST);

    assertThat(experiment.name()).isEqualTo("fx");
    assertThat(experiment.seeds()).containsExactly(1L);
    assertThat(experiment.variants()).extracting(RunPlan::variant).containsExactly("default");
    RunPlan plan = experiment.variants().get(0);
    assertThat(plan.manifest().embeddingDim()).isEqualTo(512);
    assertThat(plan.manifest().optimizer().name()).isEqualTo(OptimizerSection.Algorithm.RADAM);
    assertThat(plan.manifest().optimizer().schedule().milestones()).containsExactly(31, 51);
    assertThat(plan.dataset().settings()).hasToString("Settings[root=/data, classes=10]");
    assertThat(plan.sampler().settings()).hasToString("Settings[classesPerBatch=6, imagesPerClass=9]");
    assertThat(plan.attention().settings()).hasToString("Settings[softmax=PLAIN, temperature=1.0]");
    assertThat(plan.losses()).hasSize(2);
    assertThat(plan.metrics()).extracting(PluginChoice::name).containsExactly("fx-metric");
  }

  @Test
  void theResolvedTreeWritesEveryDefaultAndPluginSetting() throws Exception {
    RunPlan plan = load(FixturePlugins.MANIFEST).variants().get(0);

    assertThat(plan.resolved().at("/sampler/params/classes_per_batch").asInt()).isEqualTo(6);
    assertThat(plan.resolved().at("/message_passing/attention/params/softmax").asText()).isEqualTo("plain");
    assertThat(plan.resolved().at("/optimizer/name").asText()).isEqualTo("radam");
    assertThat(plan.resolved().at("/images/train_size").asInt()).isEqualTo(227);
  }

  @Test
  void overridesApplyAfterTheFileAndAreValidatedLikeIt() throws Exception {
    RunPlan plan = load(FixturePlugins.MANIFEST, "training.epochs=3",
        "message_passing.attention={name: fx-attention, params: {softmax: extra-zero-logit}}",
        "sampler.params.images_per_class=4").variants().get(0);

    assertThat(plan.manifest().training().epochs()).isEqualTo(3);
    assertThat(plan.attention().settings()).hasToString("Settings[softmax=EXTRA_ZERO_LOGIT, temperature=1.0]");
    assertThat(plan.sampler().settings()).hasToString("Settings[classesPerBatch=6, imagesPerClass=4]");
  }

  @Test
  void variantsSeedsAndBaselineDescribeASweep() throws Exception {
    Experiment experiment = load(FixturePlugins.MANIFEST + """
        seeds: [3, 1]
        variants:
          backbone-only: {message_passing: off}
          no-attention: {message_passing.attention: off}
          full: {}
        baseline: backbone-only
        """);

    assertThat(experiment.seeds()).containsExactly(3L, 1L);
    assertThat(experiment.baseline()).isEqualTo("backbone-only");
    RunPlan backboneOnly = experiment.variant("backbone-only").orElseThrow();
    assertThat(backboneOnly.manifest().messagePassing().enabled()).isFalse();
    assertThat(backboneOnly.attention()).isNull();
    // The loss on the MPN head drops out with the head.
    assertThat(backboneOnly.losses()).hasSize(1);
    RunPlan noAttention = experiment.variant("no-attention").orElseThrow();
    assertThat(noAttention.manifest().messagePassing().enabled()).isTrue();
    assertThat(noAttention.attention()).isNull();
    assertThat(experiment.variant("full").orElseThrow().attention()).isNotNull();
  }

  @Test
  void pluginNamesMayBeWrittenAsShorthandOrInFull() throws Exception {
    RunPlan full = load(FixturePlugins.MANIFEST.replace("sampler: fx-sampler",
        "sampler: {name: fx-sampler, params: {classes_per_batch: 3}}")).variants().get(0);

    assertThat(full.sampler().settings()).hasToString("Settings[classesPerBatch=3, imagesPerClass=9]");
  }
}
