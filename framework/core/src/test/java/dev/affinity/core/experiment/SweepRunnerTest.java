package dev.affinity.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.core.cli.Main;
import dev.affinity.core.io.RunFiles;
import dev.affinity.core.testing.TestJars;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs on a tiny generated data set through the real command line: determinism, resume after
 * kill -9, a diverging loss, and that finished runs are never overwritten.
 */
class SweepRunnerTest {

  /** 16 classes of 6 images of 16 px, a 2-stage CNN: a few seconds per run on one core. */
  static final String TINY = """
      name: tiny
      seeds: [3]
      device: cpu
      dataset: {name: synthetic-shapes, params: {classes: 16, images_per_class: 6, image_size: 16}}
      sampler: {name: class-balanced, params: {classes_per_batch: 4, images_per_class: 3}}
      images: {train_size: 16, resize: 16, eval_size: 16, threads: 2}
      backbone: {name: small-cnn, params: {channels: [4, 8]}}
      embedding_dim: 16
      message_passing: {attention: dot-product, heads: 2, feed_forward_width: 32}
      optimizer: {name: radam, lr: 0.003, schedule: {type: constant}}
      training: {epochs: 4}
      evaluation: {validation_classes: 0.25, metrics: [recall_at_k, map_at_r, nmi]}
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private Path manifest(String yaml) throws Exception {
    return Files.writeString(work.resolve("tiny.yaml"), yaml);
  }

  private static int run(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    if (code != 0) {
      System.err.println(err);
    }
    return code;
  }

  private static Path onlySweep(Path out) throws Exception {
    try (Stream<Path> sweeps = Files.list(out)) {
      return sweeps.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  @Test
  void theSameManifestAndSeedGiveBitIdenticalMetricsAndEveryRunFile() throws Exception {
    Path file = manifest(TINY);

    assertThat(run("run", file.toString(), "--out", work.resolve("a").toString())).isZero();
    assertThat(run("run", file.toString(), "--out", work.resolve("b").toString())).isZero();

    Path a = RunDirectories.run(onlySweep(work.resolve("a")), "default", 3);
    Path b = RunDirectories.run(onlySweep(work.resolve("b")), "default", 3);
    assertThat(Files.readString(a.resolve(RunFiles.METRICS_JSON)))
        .isEqualTo(Files.readString(b.resolve(RunFiles.METRICS_JSON)));
    JsonNode metrics = JSON.readTree(a.resolve(RunFiles.METRICS_JSON).toFile());
    assertThat(metrics.fieldNames()).toIterable().contains("recall_at_1", "recall_at_8", "map_at_r", "nmi");
    for (String name : List.of(RunFiles.RESOLVED_YAML, RunFiles.RUN_JSON, RunFiles.RUN_LOG, RunFiles.EPOCHS_JSONL,
        RunFiles.CHECKPOINT, RunFiles.BEST_PARAMS, RunFiles.EMBEDDINGS_NPZ, RunFiles.ATTENTION_JSON)) {
      assertThat(a.resolve(name)).isNotEmptyFile();
    }
    assertThat(Files.readAllLines(a.resolve(RunFiles.EPOCHS_JSONL))).hasSize(4);
    // The resolved manifest is itself a valid manifest: every default written out, nothing mis-typed.
    assertThat(run("validate", a.resolve(RunFiles.RESOLVED_YAML).toString())).isZero();
    assertThat(Files.readString(a.resolve(RunFiles.RESOLVED_YAML))).contains("name: tiny\n", "seeds:\n- 3\n",
        "classes_per_batch: 4", "softmax: plain");
    assertThat(JSON.readTree(a.resolve(RunFiles.RUN_JSON).toFile()).get("status").asText()).isEqualTo("finished");
    assertThat(onlySweep(work.resolve("a")).resolve("report.html")).isNotEmptyFile();
  }

  @Test
  void aRunKilledMidEpochResumesToExactlyTheMetricsOfAnUninterruptedRun() throws Exception {
    Path file = manifest(TINY.replace("epochs: 4", "epochs: 6"));
    assertThat(run("run", file.toString(), "--out", work.resolve("whole").toString())).isZero();
    Path whole = RunDirectories.run(onlySweep(work.resolve("whole")), "default", 3);

    // The same run in a child JVM, killed with SIGKILL once the first checkpoint is written (so in epoch 2).
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        "-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
        Main.class.getName(), "run", file.toString(), "--out", work.resolve("killed").toString()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("child.log").toFile()).start();
    Path epochs = null;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (Files.isDirectory(work.resolve("killed"))) {
        try (Stream<Path> found = Files.walk(work.resolve("killed"))) {
          epochs = found.filter(p -> p.endsWith(RunFiles.EPOCHS_JSONL)).findFirst().orElse(null);
        }
      }
      if (epochs != null && Files.exists(epochs.resolveSibling(RunFiles.CHECKPOINT))) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(child.isAlive()).as("the child should still be training; its log: %s",
        Files.readString(work.resolve("child.log"))).isTrue();
    child.destroyForcibly().waitFor();
    Path killed = epochs.getParent();
    assertThat(Files.exists(killed.resolve(RunFiles.METRICS_JSON))).isFalse();
    assertThat(Files.readAllLines(killed.resolve(RunFiles.EPOCHS_JSONL)).size()).isBetween(1, 5);
    assertThat(JSON.readTree(killed.resolve(RunFiles.RUN_JSON).toFile()).get("status").asText()).isEqualTo("running");

    assertThat(run("run", "--resume", killed.toString())).isZero();

    assertThat(Files.readString(killed.resolve(RunFiles.METRICS_JSON)))
        .isEqualTo(Files.readString(whole.resolve(RunFiles.METRICS_JSON)));
    assertThat(Files.readAllLines(killed.resolve(RunFiles.EPOCHS_JSONL))).hasSize(6);
    assertThat(JSON.readTree(killed.resolve(RunFiles.RUN_JSON).toFile()).get("status").asText()).isEqualTo("finished");
  }

  @Test
  void aDivergingLossStopsTheRunNamingTheEpochAndStepAndKeepsTheCheckpoint() throws Exception {
    // Plain SGD with an absurd rate overflows to inf, then NaN, within the second epoch's first steps.
    Path file = manifest(TINY.replace("optimizer: {name: radam, lr: 0.003, schedule: {type: constant}}",
        "optimizer: {name: sgd, lr: 1.0e30, momentum: 0.0, schedule: {type: constant}}"));
    StringWriter err = new StringWriter();

    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "run", file.toString(), "--out", work.resolve("nan").toString());

    assertThat(code).isEqualTo(1);
    Path dir = RunDirectories.run(onlySweep(work.resolve("nan")), "default", 3);
    JsonNode info = JSON.readTree(dir.resolve(RunFiles.RUN_JSON).toFile());
    assertThat(info.get("status").asText()).isEqualTo("failed");
    assertThat(info.get("error").asText()).matches("the loss became (NaN|Infinity|-Infinity) at epoch \\d+, step \\d+.*");
    assertThat(err.toString()).contains("failed: default seed 3: the loss became");
  }

  @Test
  void theDropInExampleAttentionTrainsThroughTheSameBlock() throws Exception {
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    TestJars.examplePlugin(plugins.resolve("affinity-example-attention.jar"));
    Path file = manifest(TINY.replace("epochs: 4", "epochs: 1, max_steps_per_epoch: 2"));

    assertThat(run("run", file.toString(), "--out", work.resolve("cosine").toString(), "--plugins", plugins.toString(),
        "--set", "message_passing.attention={name: cosine, params: {initial_temperature: 5}}")).isZero();

    Path dir = RunDirectories.run(onlySweep(work.resolve("cosine")), "default", 3);
    JsonNode info = JSON.readTree(dir.resolve(RunFiles.RUN_JSON).toFile());
    assertThat(info.get("attention").asText()).isEqualTo("cosine");
    assertThat(info.get("status").asText()).isEqualTo("finished");
    assertThat(Files.readString(dir.resolve(RunFiles.RESOLVED_YAML))).contains("initial_temperature: 5.0");
    // One layer, 2 heads, one batch of 4 classes x 3 images.
    JsonNode attention = JSON.readTree(dir.resolve(RunFiles.ATTENTION_JSON).toFile());
    assertThat(attention.get("layers")).hasSize(1);
    assertThat(attention.get("layers").get(0)).hasSize(2);
    assertThat(attention.get("labels")).hasSize(12);
  }

  @Test
  void parallelRunsInChildProcessesFinishEverySeedAndSummarizeThem() throws Exception {
    Path file = manifest(TINY.replace("seeds: [3]", "seeds: [3, 4]").replace("epochs: 4", "epochs: 1"));

    assertThat(run("run", file.toString(), "--out", work.resolve("par").toString(), "--parallel", "2")).isZero();

    Path sweep = onlySweep(work.resolve("par"));
    for (long seed : List.of(3L, 4L)) {
      Path dir = RunDirectories.run(sweep, "default", seed);
      assertThat(JSON.readTree(dir.resolve(RunFiles.RUN_JSON).toFile()).get("status").asText()).isEqualTo("finished");
      assertThat(dir.resolve(RunFiles.METRICS_JSON)).isNotEmptyFile();
    }
    assertThat(Files.readString(sweep.resolve("summary.csv"))).contains("default,recall_at_1,").contains(",2,");
  }

  @Test
  void anUnknownVariantIsBadInputNamingTheOnesThereAre() throws Exception {
    Path file = manifest(TINY + "variants: {a: {}, b: {message_passing: off}}\n");
    StringWriter err = new StringWriter();

    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "run", file.toString(), "--variant", "c", "--out", work.resolve("none").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--variant c: the manifest has no such variant; it has a, b");
    assertThat(work.resolve("none")).doesNotExist();
  }

  @Test
  void resumingAFinishedSweepLeavesEveryFileAsItWas() throws Exception {
    Path file = manifest(TINY.replace("epochs: 4", "epochs: 1"));
    assertThat(run("run", file.toString(), "--out", work.resolve("done").toString())).isZero();
    Path sweep = onlySweep(work.resolve("done"));
    Path metrics = RunDirectories.run(sweep, "default", 3).resolve(RunFiles.METRICS_JSON);
    var before = Files.getLastModifiedTime(metrics);
    String content = Files.readString(metrics);

    assertThat(run("run", "--resume", sweep.toString())).isZero();

    assertThat(Files.getLastModifiedTime(metrics)).isEqualTo(before);
    assertThat(Files.readString(metrics)).isEqualTo(content);
  }
}
