package dev.affinity.core.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.affinity.core.model.AffinityModel;
import dev.affinity.core.model.Head;
import dev.affinity.core.model.MessagePassingConfig;
import dev.affinity.core.training.TrainingStep;
import dev.affinity.core.training.WeightedLoss;
import dev.affinity.core.training.optim.LearningRateSchedule;
import dev.affinity.core.training.optim.OptimizerConfig;
import dev.affinity.core.training.optim.StatefulOptimizer;
import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.loss.LossFunction;
import dev.affinity.spi.loss.LossInput;
import dev.affinity.spi.loss.LossShape;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times one training step of the message passing network and both heads (forward, backward, RAdam update)
 * on random embeddings (the same for every step), d = 512, C = 100, the paper's block (one layer, dropout 0.1, feed-forward 2048), for
 * each bundled attention at (B 54, H 2) and (B 112, H 8).
 *
 * <p>Two versions of the same computation: "blocks" is the project's model ({@link AffinityModel} with an
 * identity backbone, {@link TrainingStep}); "bare" is one function of NDArray calls, op for op what eager
 * PyTorch would run through the same libtorch, with the same optimizer. The gap is the Block machinery's
 * overhead. The two run in alternating rounds of five steps so that a shared machine's changing load
 * affects both alike. The attention plugins are loaded by class name (they are not on the core's compile path).
 *
 * <p>Usage: {@code MessagePassingBench [steps] [warmup]} (defaults 60 and 10, per version); prints median ms per step.
 */
public final class MessagePassingBench {

  private static final int DIM = 512;
  private static final int CLASSES = 100;
  private static final float DROPOUT = 0.1f;

  private MessagePassingBench() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String[][] attentions = {
      {"dot-product", "dev.affinity.plugins.attention.DotProductAttention"},
      {"gat", "dev.affinity.plugins.attention.GatAttention"},
      {"gatv2", "dev.affinity.plugins.attention.GatV2Attention"}
    };
    int[][] sizes = {{54, 2}, {112, 8}};
    System.out.printf(Locale.ROOT, "%-12s %4s %2s %12s %12s %9s%n", "attention", "B", "H", "blocks ms", "bare ms",
        "overhead");
    for (String[] attention : attentions) {
      for (int[] size : sizes) {
        double[] ms = timeBoth(attention[0], (Attention) plugin(attention[1]), size[0], size[1], steps, warmup);
        double blocks = ms[0];
        double bare = ms[1];
        System.out.printf(Locale.ROOT, "%-12s %4d %2d %12.2f %12.2f %8.1f%%%n", attention[0], size[0], size[1],
            blocks, bare, 100 * (blocks - bare) / bare);
      }
    }
  }

  /** A plugin with its default settings, by class name. */
  static Object plugin(String className) throws ReflectiveOperationException {
    Class<?> type = Class.forName(className);
    Class<?> settings = Class.forName(className + "$Settings");
    return type.getConstructor(settings).newInstance(settings.getConstructor().newInstance());
  }

  /** A prepared training step and what to close after it. */
  private record Prepared(Runnable step, AutoCloseable resources) {}

  /**
   * Runs both versions in alternating rounds of a few steps, so that load drifting on a shared machine
   * affects both alike; returns the median ms per step of {blocks, bare}.
   */
  private static double[] timeBoth(String name, Attention attention, int batch, int heads, int steps, int warmup)
      throws Exception {
    Prepared blocks = prepareBlocks(attention, batch, heads);
    Prepared bare = prepareBare(name, batch, heads);
    try (AutoCloseable a = blocks.resources(); AutoCloseable b = bare.resources()) {
      for (int i = 0; i < warmup; i++) {
        blocks.step().run();
        bare.step().run();
      }
      double[] blockMs = new double[steps];
      double[] bareMs = new double[steps];
      int round = 5;
      for (int done = 0; done < steps; done += round) {
        for (int i = done; i < Math.min(steps, done + round); i++) {
          blockMs[i] = time(blocks.step());
        }
        for (int i = done; i < Math.min(steps, done + round); i++) {
          bareMs[i] = time(bare.step());
        }
      }
      return new double[] {median(blockMs), median(bareMs)};
    }
  }

  private static Prepared prepareBlocks(Attention attention, int batch, int heads)
      throws ReflectiveOperationException {
    Engine.getInstance().setRandomSeed(1);
    NDManager manager = NDManager.newBaseManager();
    AffinityModel model = new AffinityModel(LambdaBlock.singleton(x -> x), DIM, CLASSES,
        MessagePassingConfig.paper(1, heads), attention);
    model.initialize(manager, DataType.FLOAT32, new Shape(batch, DIM));
    LossFunction ce = (LossFunction) plugin("dev.affinity.plugins.loss.LabelSmoothedCrossEntropy");
    List<WeightedLoss> losses = List.of(
        new WeightedLoss("backbone", ce.build(new LossShape(CLASSES, CLASSES)), LossInput.LOGITS, Head.BACKBONE, 1),
        new WeightedLoss("mpn", ce.build(new LossShape(CLASSES, CLASSES)), LossInput.LOGITS, Head.MPN, 1));
    StatefulOptimizer radam = OptimizerConfig.radam(1e-4, 1e-6).create(manager, LearningRateSchedule.constant());
    TrainingStep step = new TrainingStep(model, losses, radam, new ParameterStore(manager, false));
    NDArray x = manager.randomNormal(new Shape(batch, DIM));
    NDArray labels = labels(manager, batch);
    return new Prepared(() -> step.run(x, labels), () -> {
      radam.close();
      manager.close();
    });
  }

  private static Prepared prepareBare(String attention, int batch, int heads) {
    Engine.getInstance().setRandomSeed(1);
    NDManager manager = NDManager.newBaseManager();
    Bare bare = new Bare(manager, attention, batch, heads);
    StatefulOptimizer radam = OptimizerConfig.radam(1e-4, 1e-6).create(manager, LearningRateSchedule.constant());
    NDArray x = manager.randomNormal(new Shape(batch, DIM));
    NDArray labels = labels(manager, batch);
    return new Prepared(() -> bare.step(x, labels, radam), () -> {
      radam.close();
      manager.close();
    });
  }

  private static NDArray labels(NDManager manager, int batch) {
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = i % CLASSES;
    }
    return manager.create(y);
  }

  private static double time(Runnable step) {
    long start = System.nanoTime();
    step.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The same step as bare NDArray calls in one function. */
  private static final class Bare {
    private final String attention;
    private final int heads;
    private final ParameterList parameters = new ParameterList();
    private final NDArray runningMean;
    private final NDArray runningVar;

    Bare(NDManager m, String attention, int batch, int heads) {
      this.attention = attention;
      this.heads = heads;
      add(m, "in_w", DIM, DIM);
      add(m, "in_b", DIM);
      switch (attention) {
        case "dot-product" -> {
          for (String p : List.of("q", "k", "v", "o")) {
            add(m, p + "_w", DIM, DIM);
            add(m, p + "_b", DIM);
          }
        }
        case "gat" -> {
          add(m, "w", DIM, DIM);
          add(m, "a_t", heads, DIM / heads);
          add(m, "a_s", heads, DIM / heads);
        }
        default -> {
          add(m, "w_l", DIM, DIM);
          add(m, "w_r", DIM, DIM);
          add(m, "a", heads, DIM / heads);
        }
      }
      add(m, "ln1_g", DIM);
      add(m, "ln1_b", DIM);
      add(m, "ff1_w", 4 * DIM, DIM);
      add(m, "ff1_b", 4 * DIM);
      add(m, "ff2_w", DIM, 4 * DIM);
      add(m, "ff2_b", DIM);
      add(m, "ln2_g", DIM);
      add(m, "ln2_b", DIM);
      add(m, "bn_g", DIM);
      add(m, "bn_b", DIM);
      parameters.get("bn_b").freeze(true);
      add(m, "mpn_w", CLASSES, DIM);
      add(m, "bb_w", CLASSES, DIM);
      add(m, "bb_b", CLASSES);
      runningMean = m.zeros(new Shape(DIM));
      runningVar = m.ones(new Shape(DIM));
    }

    private void add(NDManager m, String name, long... shape) {
      NDArray value = m.randomUniform(-0.04f, 0.04f, new Shape(shape));
      Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(value).build();
      p.initialize(m, DataType.FLOAT32);
      parameters.add(name, p);
    }

    private NDArray p(String name) {
      return parameters.get(name).getArray();
    }

    void step(NDArray x, NDArray labels, StatefulOptimizer optimizer) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
          NDArray backboneLogits = Linear.linear(x, p("bb_w"), p("bb_b")).head();
          NDArray h = x.div(x.norm(new int[] {1}, true).maximum(1e-12f));
          h = Linear.linear(h, p("in_w"), p("in_b")).head();
          NDArray messages = attend(h);
          Shape width = new Shape(DIM);
          h = LayerNorm.layerNorm(h.add(drop(messages)), width, p("ln1_g"), p("ln1_b"), 1e-5f).head();
          NDArray f = drop(Activation.relu(Linear.linear(h, p("ff1_w"), p("ff1_b")).head()));
          f = Linear.linear(f, p("ff2_w"), p("ff2_b")).head();
          h = LayerNorm.layerNorm(h.add(drop(f)), width, p("ln2_g"), p("ln2_b"), 1e-5f).head();
          NDArray normed = BatchNorm.batchNorm(h, runningMean, runningVar, p("bn_g"), p("bn_b"), 1, 0.9f, 1e-5f,
              true).head();
          NDArray mpnLogits = Linear.linear(normed, p("mpn_w")).head();
          NDArray loss = smoothedCe(backboneLogits, labels).add(smoothedCe(mpnLogits, labels));
          loss.getFloat();
          collector.backward(loss);
        }
        optimizer.update(parameters);
      }
    }

    private NDArray attend(NDArray h) {
      long n = h.getShape().get(0);
      int w = DIM / heads;
      switch (attention) {
        case "dot-product" -> {
          NDArray q = Linear.linear(h, p("q_w"), p("q_b")).head().reshape(n, heads, w).transpose(1, 0, 2);
          NDArray k = Linear.linear(h, p("k_w"), p("k_b")).head().reshape(n, heads, w).transpose(1, 0, 2);
          NDArray v = Linear.linear(h, p("v_w"), p("v_b")).head().reshape(n, heads, w).transpose(1, 0, 2);
          NDArray weights = q.matMul(k.transpose(0, 2, 1)).mul((float) (1 / Math.sqrt(w))).softmax(-1);
          NDArray out = drop(weights).matMul(v).transpose(1, 0, 2).reshape(n, DIM);
          return Linear.linear(out, p("o_w"), p("o_b")).head();
        }
        case "gat" -> {
          NDArray z = Linear.linear(h, p("w")).head().reshape(n, heads, w).transpose(1, 0, 2);
          NDArray t = z.matMul(p("a_t").expandDims(2));
          NDArray s = z.matMul(p("a_s").expandDims(2)).transpose(0, 2, 1);
          NDArray weights = Activation.leakyRelu(t.add(s), 0.2f).softmax(-1);
          return drop(weights).matMul(z).transpose(1, 0, 2).reshape(n, DIM);
        }
        default -> {
          NDArray l = Linear.linear(h, p("w_l")).head().reshape(n, heads, w).transpose(1, 0, 2);
          NDArray r = Linear.linear(h, p("w_r")).head().reshape(n, heads, w).transpose(1, 0, 2);
          NDArray pairs = Activation.leakyRelu(r.expandDims(2).add(l.expandDims(1)), 0.2f);
          NDArray weights = pairs.matMul(p("a").reshape(heads, 1, w, 1)).squeeze(3).softmax(-1);
          return drop(weights).matMul(l).transpose(1, 0, 2).reshape(n, DIM);
        }
      }
    }

    private static NDArray drop(NDArray x) {
      return Dropout.dropout(x, DROPOUT, true).head();
    }

    private static NDArray smoothedCe(NDArray logits, NDArray labels) {
      NDArray logP = logits.logSoftmax(1);
      NDArray target = labels.oneHot(CLASSES).mul(0.9f).add(0.1f / CLASSES);
      return logP.mul(target).sum(new int[] {1}).mean().neg();
    }
  }

}
