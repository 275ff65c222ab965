package dev.affinity.core.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
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
import dev.affinity.spi.backbone.BackboneNetwork;
import dev.affinity.spi.loss.LossFunction;
import dev.affinity.spi.loss.LossInput;
import dev.affinity.spi.loss.LossShape;
import java.util.List;
import java.util.Locale;

/**
 * Times a whole training step with the {@code small-cnn} backbone (default widths), the paper's MPN with one
 * layer and two heads, d = 128, 6 classes x 9 images = 54 images per batch, at 32 and 64 pixels; prints the
 * median ms per step and what 3 epochs of 2,000 images would take.
 *
 * <p>Usage: {@code SmallCnnBench [steps]} (default 20).
 */
public final class SmallCnnBench {

  private SmallCnnBench() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int batch = 54;
    int classes = 6;
    for (int size : new int[] {32, 64}) {
      Engine.getInstance().setRandomSeed(1);
      try (NDManager manager = NDManager.newBaseManager()) {
        Block backbone = ((BackboneNetwork) MessagePassingBench.plugin(
            "dev.affinity.plugins.backbone.SmallCnnBackbone")).build(128);
        AffinityModel model = new AffinityModel(backbone, 128, classes, MessagePassingConfig.paper(1, 2),
            (Attention) MessagePassingBench.plugin("dev.affinity.plugins.attention.DotProductAttention"));
        Shape images = new Shape(batch, 3, size, size);
        model.initialize(manager, DataType.FLOAT32, images);
        LossFunction ce = (LossFunction) MessagePassingBench.plugin(
            "dev.affinity.plugins.loss.LabelSmoothedCrossEntropy");
        List<WeightedLoss> losses = List.of(
            new WeightedLoss("backbone", ce.build(new LossShape(classes, classes)), LossInput.LOGITS,
                Head.BACKBONE, 1),
            new WeightedLoss("mpn", ce.build(new LossShape(classes, classes)), LossInput.LOGITS, Head.MPN, 1));
        try (StatefulOptimizer radam = OptimizerConfig.radam(1e-3, 1e-6)
            .create(manager, LearningRateSchedule.constant())) {
          TrainingStep step = new TrainingStep(model, losses, radam, new ParameterStore(manager, false));
          NDArray x = manager.randomNormal(images);
          int[] y = new int[batch];
          for (int i = 0; i < batch; i++) {
            y[i] = i % classes;
          }
          NDArray labels = manager.create(y);
          double[] ms = new double[steps];
          for (int i = 0; i < 3; i++) {
            step.run(x, labels);
          }
          for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            step.run(x, labels);
            ms[i] = (System.nanoTime() - start) / 1e6;
          }
          java.util.Arrays.sort(ms);
          double median = ms[steps / 2];
          double epochs = 3 * Math.ceil(2000.0 / batch) * median / 1000;
          System.out.printf(Locale.ROOT, "small-cnn %2dpx B %d: %.1f ms/step, 3 epochs of 2000 images: %.0f s%n",
              size, batch, median, epochs);
        }
      }
    }
  }
}
