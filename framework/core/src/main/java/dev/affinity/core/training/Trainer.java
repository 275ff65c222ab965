package dev.affinity.core.training;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.affinity.core.data.Batch;
import dev.affinity.core.data.BatchStream;
import dev.affinity.core.data.ImagePipeline;
import dev.affinity.core.evaluation.Evaluator;
import dev.affinity.core.io.AtomicFiles;
import dev.affinity.core.io.RunFiles;
import dev.affinity.core.manifest.LossChoice;
import dev.affinity.core.manifest.Manifest;
import dev.affinity.core.manifest.RunPlan;
import dev.affinity.core.model.AffinityModel;
import dev.affinity.core.model.Head;
import dev.affinity.core.training.optim.StatefulOptimizer;
import dev.affinity.core.wiring.PluginInstantiator;
import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.backbone.BackboneNetwork;
import dev.affinity.spi.data.BatchSampler;
import dev.affinity.spi.data.DatasetLoader;
import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.Sample;
import dev.affinity.spi.loss.LossBlock;
import dev.affinity.spi.loss.LossFunction;
import dev.affinity.spi.loss.LossShape;
import dev.affinity.spi.metric.RetrievalMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains and evaluates one run: one variant of a manifest with one seed, in its own directory.
 *
 * <p>The directory receives, as it goes: {@code epochs.jsonl} (a line per epoch), {@code checkpoint.bin}
 * (what {@code --resume} continues from), {@code best.params} (the selected model), and at the end
 * {@code metrics.json}, {@code test-embeddings.npz} and, for attention variants, {@code attention.json}.
 * Every file is written atomically.
 *
 * <p>Determinism: the engine is seeded from (seed, epoch, step) before every step and the sampler and
 * image pipeline are pure functions of (seed, epoch, index), so the same manifest and seed on the CPU give
 * bit-identical metrics, and a resumed run ends exactly where the uninterrupted one would.
 */
public final class Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The metric that selects the best epoch. */
  public static final String SELECTION_METRIC = "recall_at_1";

  private final RunPlan plan;
  private final Manifest manifest;
  private final long seed;
  private final Device device;
  private final Path dir;
  private final PluginInstantiator plugins;
  private final ProgressReporter progress;

  public Trainer(RunPlan plan, long seed, Device device, Path dir, PluginInstantiator plugins,
      ProgressReporter progress) {
    this.plan = requireNonNull(plan, "plan is null");
    this.manifest = plan.manifest();
    this.seed = seed;
    this.device = requireNonNull(device, "device is null");
    this.dir = requireNonNull(dir, "dir is null");
    this.plugins = requireNonNull(plugins, "plugins is null");
    this.progress = requireNonNull(progress, "progress is null");
  }

  /**
   * What a finished run gives.
   *
   * @param metrics the final test metrics, as in {@code metrics.json}
   * @param bestEpoch the 1-based epoch of the selected model
   */
  public record Outcome(Map<String, Double> metrics, int bestEpoch) {}

  /** The data of a run, split three ways, with training labels mapped to 0 to C - 1. */
  record Data(List<Sample> train, List<Sample> validation, List<Sample> query, List<Sample> gallery, int classes) {}

  /**
   * Trains (or continues, from the checkpoint in the run directory) and evaluates.
   *
   * @param resume continue from {@code checkpoint.bin}
   * @return the final test metrics and the selected epoch
   * @throws IOException when data or run files cannot be read or written
   * @throws TrainingException when the loss stops being finite
   */
  public Outcome run(boolean resume) throws IOException {
    Engine engine = Engine.getInstance();
    engine.setRandomSeed(Long.hashCode(seed));
    DatasetSplits splits = plugins.create(plan.dataset(), DatasetLoader.class).load();
    Data data = split(splits);
    LOG.info("data: {} training images of {} classes, {} validation, {} query, {} gallery", data.train().size(),
        data.classes(), data.validation().size(), data.query().size(), data.gallery().size());
    BatchSampler sampler = plugins.create(plan.sampler(), BatchSampler.class);
    BackboneNetwork backboneNetwork = plugins.create(plan.backbone(), BackboneNetwork.class);
    Attention attention = plan.attentionChoice().map(c -> plugins.create(c, Attention.class)).orElse(null);
    List<RetrievalMetric> metrics = plan.metrics().stream()
        .map(c -> plugins.create(c, RetrievalMetric.class)).toList();
    int d = manifest.embeddingDim();
    int size = manifest.images().trainSize();

    try (NDManager manager = NDManager.newBaseManager(device);
        ImagePipeline pipeline = new ImagePipeline(manifest.images())) {
      Block backbone = backboneNetwork.build(d);
      AffinityModel model = new AffinityModel(backbone, d, data.classes(),
          ManifestModels.messagePassing(manifest), attention);
      model.initialize(manager, DataType.FLOAT32, new Shape(2, 3, size, size));
      backboneNetwork.loadPretrained(backbone);

      List<WeightedLoss> losses = new ArrayList<>();
      List<Block> trainable = new ArrayList<>(List.of(model));
      for (LossChoice choice : plan.losses()) {
        Manifest.LossSection section = choice.section();
        LossFunction function = plugins.create(choice.plugin(), LossFunction.class);
        int width = function.input() == dev.affinity.spi.loss.LossInput.LOGITS ? data.classes() : d;
        LossBlock block = function.build(new LossShape(width, data.classes()));
        block.initialize(manager, DataType.FLOAT32, new Shape(2, width), new Shape(2));
        losses.add(new WeightedLoss(section.name(), block, function.input(), section.head(), section.weight()));
        trainable.add(block);
      }
      int stepsPerEpoch = stepsPerEpoch(sampler, data);
      try (StatefulOptimizer optimizer = ManifestModels.optimizer(manifest, manager, stepsPerEpoch)) {
        ParameterStore store = new ParameterStore(manager, false);
        TrainingStep step = new TrainingStep(model, losses, optimizer, store);
        Evaluator evaluator = Evaluator.builder().metrics(metrics).seed(seed)
            .distance(manifest.evaluation().distance()).build();
        return loop(resume, data, sampler, pipeline, model, trainable, optimizer, step, evaluator, store, manager);
      }
    }
  }

  private Outcome loop(boolean resume, Data data, BatchSampler sampler, ImagePipeline pipeline,
      AffinityModel model, List<Block> trainable, StatefulOptimizer optimizer, TrainingStep step,
      Evaluator evaluator, ParameterStore store, NDManager manager) throws IOException {
    Path checkpointFile = dir.resolve(RunFiles.CHECKPOINT);
    Path bestFile = dir.resolve(RunFiles.BEST_PARAMS);
    Path epochsFile = dir.resolve(RunFiles.EPOCHS_JSONL);
    Checkpoint state = new Checkpoint(0, 0, Double.NEGATIVE_INFINITY);
    if (resume && Files.exists(checkpointFile)) {
      state = Checkpoint.read(checkpointFile, trainable, optimizer, manager);
      LOG.info("resuming after epoch {} from {}", state.epochsDone(), checkpointFile);
      truncateEpochs(epochsFile, state.epochsDone());
    } else {
      Files.deleteIfExists(epochsFile);
    }
    boolean selectOnTest = manifest.evaluation().selectOn() == dev.affinity.core.manifest.EvaluationSection.Selection.TEST;
    int[] trainLabels = data.train().stream().mapToInt(Sample::label).toArray();
    int epochs = manifest.training().epochs();
    for (int epoch = state.epochsDone(); epoch < epochs; epoch++) {
      int shown = epoch + 1;
      optimizer.setEpoch(epoch);
      if (ManifestModels.reloadsBestAt(manifest, shown) && state.bestEpoch() > 0) {
        LOG.info("epoch {}: reloading the best model (epoch {}) before lowering the learning rate", shown,
            state.bestEpoch());
        Checkpoint.readParameters(bestFile, model, manager);
      }
      List<int[]> batches = sampler.batches(trainLabels, new Random(mix(seed, epoch, -1)));
      int max = manifest.training().maxStepsPerEpoch();
      if (max > 0 && batches.size() > max) {
        batches = batches.subList(0, max);
      }
      long started = System.nanoTime();
      double lossSum = 0;
      int images = 0;
      try (BatchStream stream = pipeline.training(data.train(), batches, seed, epoch, manager);
          ProgressReporter.Epoch bar = progress.epoch(shown, epochs, batches.size())) {
        int index = 0;
        while (stream.hasNext()) {
          try (Batch batch = stream.next()) {
            // The engine takes an int seed: fold the mixed 64 bits.
            Engine.getInstance().setRandomSeed(Long.hashCode(mix(seed, epoch, index)));
            TrainingStep.Losses result = step.run(batch.images(), batch.labels());
            if (!Double.isFinite(result.total())) {
              throw new TrainingException("the loss became " + result.total() + " at epoch " + shown + ", step "
                  + (index + 1) + (state.epochsDone() > 0 ? "; the last good checkpoint (after epoch "
                  + state.epochsDone() + ") stays in " + checkpointFile : "")
                  + "; try a lower optimizer.lr");
            }
            lossSum += result.total();
            images += batch.size();
            index++;
            bar.step(result.total(), images / seconds(started));
          }
        }
      }
      double seconds = seconds(started);
      ObjectNode line = JSON.createObjectNode();
      line.put("epoch", shown);
      line.put("loss", lossSum / Math.max(1, batches.size()));
      line.put("lr", optimizer.learningRate());
      line.put("images_per_second", images / seconds);
      line.put("seconds", seconds);
      int bestEpoch = state.bestEpoch();
      double bestScore = state.bestScore();
      if (shown % manifest.training().evaluateEvery() == 0 || shown == epochs) {
        Map<String, Double> scores = selectOnTest
            ? evaluate(model, pipeline, store, manager, evaluator, data.query(), data.gallery())
            : evaluate(model, pipeline, store, manager, evaluator, data.validation(), List.of());
        line.set(selectOnTest ? "test" : "validation", JSON.valueToTree(scores));
        double score = scores.getOrDefault(SELECTION_METRIC, Double.NaN);
        if (bestEpoch == 0 || score > bestScore) {
          bestEpoch = shown;
          bestScore = score;
          Checkpoint.writeParameters(bestFile, model);
        }
        LOG.info("epoch {}/{}: loss {} in {} s ({} images/s); {} {} {}", shown, epochs,
            String.format("%.4f", lossSum / Math.max(1, batches.size())), String.format("%.1f", seconds),
            String.format("%.0f", images / seconds), selectOnTest ? "test" : "validation", SELECTION_METRIC,
            String.format("%.4f", score));
      } else {
        LOG.info("epoch {}/{}: loss {} in {} s", shown, epochs,
            String.format("%.4f", lossSum / Math.max(1, batches.size())), String.format("%.1f", seconds));
      }
      AtomicFiles.appendLine(epochsFile, line.toString());
      state = new Checkpoint(shown, bestEpoch, bestScore);
      if (shown % manifest.training().checkpointEvery() == 0 || shown == epochs) {
        state.write(checkpointFile, trainable, optimizer);
      }
    }
    return new Outcome(finish(model, pipeline, store, manager, evaluator, data, sampler, state, bestFile),
        state.bestEpoch());
  }

  private Map<String, Double> finish(AffinityModel model, ImagePipeline pipeline, ParameterStore store,
      NDManager manager, Evaluator evaluator, Data data, BatchSampler sampler, Checkpoint state, Path bestFile)
      throws IOException {
    if (state.bestEpoch() > 0) {
      Checkpoint.readParameters(bestFile, model, manager);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    try (NDManager scope = manager.newSubManager()) {
      NDArray queries = embed(model, pipeline, store, scope, data.query());
      int[] labels = data.query().stream().mapToInt(Sample::label).toArray();
      if (data.gallery().isEmpty()) {
        metrics.putAll(evaluator.evaluate(queries, labels));
      } else {
        NDArray gallery = embed(model, pipeline, store, scope, data.gallery());
        metrics.putAll(evaluator.evaluate(queries, labels, gallery,
            data.gallery().stream().mapToInt(Sample::label).toArray()));
      }
      metrics.put("skipped_images", (double) pipeline.skippedImages());
      if (pipeline.skippedImages() > 0) {
        LOG.warn("{} unreadable images were skipped (on_bad_image: skip): {}", pipeline.skippedImages(),
            pipeline.skippedLocations());
      }
      writeEmbeddings(queries, labels);
    }
    AtomicFiles.writeString(dir.resolve(RunFiles.METRICS_JSON),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(metrics) + "\n");
    if (model.hasMessagePassing()) {
      writeAttention(model, pipeline, store, manager, data, sampler);
    }
    return metrics;
  }

  private Map<String, Double> evaluate(AffinityModel model, ImagePipeline pipeline, ParameterStore store,
      NDManager manager, Evaluator evaluator, List<Sample> query, List<Sample> gallery) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray q = embed(model, pipeline, store, scope, query);
      int[] labels = query.stream().mapToInt(Sample::label).toArray();
      if (gallery.isEmpty()) {
        return evaluator.evaluate(q, labels);
      }
      NDArray g = embed(model, pipeline, store, scope, gallery);
      return evaluator.evaluate(q, labels, g, gallery.stream().mapToInt(Sample::label).toArray());
    }
  }

  /** The backbone's L2-normalized embeddings of every sample, in order, float (N, d) on {@code manager}. */
  private NDArray embed(AffinityModel model, ImagePipeline pipeline, ParameterStore store, NDManager manager,
      List<Sample> samples) {
    List<NDArray> parts = new ArrayList<>();
    try (BatchStream stream = pipeline.evaluation(samples, manifest.evaluation().batchSize(), manager)) {
      while (stream.hasNext()) {
        try (Batch batch = stream.next()) {
          NDArray e = model.embed(store, batch.images());
          e.attach(manager);
          parts.add(e);
        }
      }
    }
    return NDArrays.concat(new NDList(parts));
  }

  private void writeEmbeddings(NDArray embeddings, int[] labels) throws IOException {
    NDArray e = embeddings.duplicate();
    e.setName("embeddings");
    NDArray l = embeddings.getManager().create(labels);
    l.setName("labels");
    NDList list = new NDList(e, l);
    AtomicFiles.write(dir.resolve(RunFiles.EMBEDDINGS_NPZ), out -> list.encode(out, NDList.Encoding.NPZ));
    list.close();
  }

  /** The attention weights of every layer on one class-balanced test batch, rows and columns ordered by class. */
  private void writeAttention(AffinityModel model, ImagePipeline pipeline, ParameterStore store, NDManager manager,
      Data data, BatchSampler sampler) throws IOException {
    List<Sample> pool = data.query();
    int[] labels = pool.stream().mapToInt(Sample::label).toArray();
    List<int[]> batches = sampler.batches(labels, new Random(seed));
    if (batches.isEmpty()) {
      return;
    }
    Integer[] order = Arrays.stream(batches.get(0)).boxed().toArray(Integer[]::new);
    Arrays.sort(order, (a, b) -> labels[a] != labels[b] ? Integer.compare(labels[a], labels[b]) : Integer.compare(a, b));
    List<Sample> batch = Arrays.stream(order).map(pool::get).toList();
    ObjectNode root = JSON.createObjectNode();
    ArrayNode labelNode = root.putArray("labels");
    batch.forEach(s -> labelNode.add(s.label()));
    ArrayNode layers = root.putArray("layers");
    try (NDManager scope = manager.newSubManager();
        BatchStream stream = pipeline.evaluation(batch, batch.size(), scope)) {
      try (Batch images = stream.next()) {
        AffinityModel.Output out = model.run(store, images.images(), null, false);
        for (NDArray weights : out.attentionWeights()) {
          long heads = weights.getShape().get(0);
          long n = weights.getShape().get(1);
          float[] flat = weights.toFloatArray();
          ArrayNode layer = layers.addArray();
          for (int h = 0; h < heads; h++) {
            ArrayNode head = layer.addArray();
            for (int i = 0; i < n; i++) {
              ArrayNode row = head.addArray();
              for (int j = 0; j < n; j++) {
                row.add(flat[(int) ((h * n + i) * n + j)]);
              }
            }
          }
        }
      }
    }
    AtomicFiles.writeString(dir.resolve(RunFiles.ATTENTION_JSON), root.toString());
  }

  /**
   * Splits the data set: training classes (mapped to 0 to C - 1), validation classes carved from them when
   * the model is selected on validation (the last classes, so every seed validates on the same ones), and
   * the evaluation split as the data set gives it.
   */
  Data split(DatasetSplits splits) {
    TreeSet<Integer> classes = new TreeSet<>();
    splits.train().forEach(s -> classes.add(s.label()));
    List<Integer> ordered = new ArrayList<>(classes);
    int held = 0;
    if (manifest.evaluation().selectOn() == dev.affinity.core.manifest.EvaluationSection.Selection.VALIDATION) {
      held = (int) Math.ceil(ordered.size() * manifest.evaluation().validationClasses());
      if (ordered.size() - held < 2 || held < 2) {
        throw new IllegalArgumentException("the data set has " + ordered.size() + " training classes: too few to"
            + " hold out " + manifest.evaluation().validationClasses() + " of them for validation and train on the"
            + " rest; set evaluation.select_on: test or use more classes");
      }
    }
    Map<Integer, Integer> index = new TreeMap<>();
    for (int i = 0; i < ordered.size() - held; i++) {
      index.put(ordered.get(i), i);
    }
    List<Sample> train = new ArrayList<>();
    List<Sample> validation = new ArrayList<>();
    for (Sample s : splits.train()) {
      Integer mapped = index.get(s.label());
      if (mapped != null) {
        train.add(new Sample(mapped, s.image()));
      } else {
        validation.add(s);
      }
    }
    return new Data(train, validation, splits.query(), splits.gallery(), index.size());
  }

  private int stepsPerEpoch(BatchSampler sampler, Data data) {
    int steps = sampler.batches(data.train().stream().mapToInt(Sample::label).toArray(), new Random(seed)).size();
    int max = manifest.training().maxStepsPerEpoch();
    return max > 0 ? Math.min(max, steps) : steps;
  }

  /** Keeps the lines of epochs up to {@code epochsDone}: the ones a resumed run will not redo. */
  private static void truncateEpochs(Path file, int epochsDone) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    List<String> kept = Files.readAllLines(file).stream()
        .filter(line -> !line.isBlank())
        .limit(epochsDone)
        .toList();
    AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
  }

  private static double seconds(long startedNanos) {
    return Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
  }

  /** A seed for one (epoch, step) of a run: SplitMix64's finalizer over the three. */
  static long mix(long seed, int epoch, int step) {
    long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + step;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
