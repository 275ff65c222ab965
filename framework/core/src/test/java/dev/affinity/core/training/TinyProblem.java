package dev.affinity.core.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.affinity.core.model.AffinityModel;
import dev.affinity.core.model.Head;
import dev.affinity.core.model.MessagePassingConfig;
import dev.affinity.core.training.optim.LearningRateSchedule;
import dev.affinity.core.training.optim.OptimizerConfig;
import dev.affinity.core.training.optim.StatefulOptimizer;
import dev.affinity.plugins.loss.LabelSmoothedCrossEntropy;
import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.loss.LossInput;
import dev.affinity.spi.loss.LossShape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Four well separated classes in 6 dimensions, four points each; a Linear(6 -> 8) backbone, the paper's MPN
 * with one layer and two heads, label-smoothed cross-entropy on both heads.
 */
final class TinyProblem implements AutoCloseable {

  static final int CLASSES = 4;

  final NDManager manager = NDManager.newBaseManager();
  final NDArray inputs;
  final NDArray labels;
  final AffinityModel model;
  final StatefulOptimizer optimizer;
  final TrainingStep step;

  TinyProblem(Attention attention, OptimizerConfig optimizerConfig, int seed) {
    Engine.getInstance().setRandomSeed(seed);
    NDArray centres = manager.randomNormal(0, 3, new Shape(CLASSES, 6), DataType.FLOAT32);
    int[] y = new int[CLASSES * 4];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % CLASSES;
    }
    labels = manager.create(y);
    inputs = centres.get(labels).add(manager.randomNormal(0, 0.3f, new Shape(y.length, 6), DataType.FLOAT32,
        manager.getDevice()));
    model = new AffinityModel(Linear.builder().setUnits(8).build(), 8, CLASSES,
        MessagePassingConfig.paper(1, 2), attention);
    model.initialize(manager, DataType.FLOAT32, inputs.getShape());
    LabelSmoothedCrossEntropy ce = new LabelSmoothedCrossEntropy(new LabelSmoothedCrossEntropy.Settings());
    List<WeightedLoss> losses = List.of(
        new WeightedLoss("backbone", ce.build(new LossShape(CLASSES, CLASSES)), LossInput.LOGITS, Head.BACKBONE, 1),
        new WeightedLoss("mpn", ce.build(new LossShape(CLASSES, CLASSES)), LossInput.LOGITS, Head.MPN, 1));
    optimizer = optimizerConfig.create(manager, LearningRateSchedule.constant());
    step = new TrainingStep(model, losses, optimizer, new ParameterStore(manager, false));
  }

  TrainingStep.Losses train() {
    return step.run(inputs, labels);
  }

  byte[] parameters() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      model.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  byte[] optimizerState() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      optimizer.save(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Every trainable parameter's values, in order, as exact bits. */
  float[][] weights() {
    return model.getParameters().stream().map(Pair::getValue).map(Parameter::getArray)
        .map(NDArray::toFloatArray).toArray(float[][]::new);
  }

  @Override
  public void close() {
    optimizer.close();
    manager.close();
  }
}
