package dev.affinity.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.affinity.core.model.AffinityModel;
import dev.affinity.core.model.Head;
import dev.affinity.core.training.optim.StatefulOptimizer;
import dev.affinity.spi.loss.LossInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One optimization step: forward, the weighted sum of the losses, backward, update.
 *
 * <p>The step opens and closes the gradient collector itself, around forward and backward; the optimizer
 * then updates outside autograd. So no other gradient collector may be open while {@link #run} runs (DJL's
 * PyTorch engine allows one per JVM): training runs in one process go one after another.
 *
 * <p>Every array the step creates is closed before it returns (an {@link NDScope}); only the model's
 * parameters, their gradients (zeroed) and the optimizer's state persist, so native memory stays flat.
 *
 * <p>The model and the losses must be initialized. Not thread-safe.
 */
public final class TrainingStep {

  /**
   * The losses of one step, as numbers.
   *
   * @param total the weighted sum that was minimized
   * @param terms each loss before weighting, in the order the losses were given
   */
  public record Losses(double total, List<Double> terms) {
    public Losses {
      terms = List.copyOf(terms);
    }
  }

  private final AffinityModel model;
  private final List<WeightedLoss> losses;
  private final StatefulOptimizer optimizer;
  private final ParameterStore store;

  /**
   * @param model an initialized model, never null
   * @param losses at least one; a loss on {@link Head#MPN} needs a model with message passing
   * @param optimizer updates the model's and the losses' trainable parameters, never null
   * @param store where parameters are read, never null (usually {@code new ParameterStore(manager, false)})
   */
  public TrainingStep(
      AffinityModel model, List<WeightedLoss> losses, StatefulOptimizer optimizer, ParameterStore store) {
    this.model = Objects.requireNonNull(model, "model is null");
    this.losses = List.copyOf(Objects.requireNonNull(losses, "losses is null"));
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer is null");
    this.store = Objects.requireNonNull(store, "store is null");
    if (this.losses.isEmpty()) {
      throw new IllegalArgumentException("losses must name at least one loss");
    }
    for (WeightedLoss loss : this.losses) {
      if (loss.head() == Head.MPN && !model.hasMessagePassing()) {
        throw new IllegalArgumentException(
            loss.name() + " is applied to the mpn head, but message passing is off");
      }
    }
  }

  /**
   * Trains on one batch.
   *
   * @param inputs the backbone's input (B, ...), never null
   * @param labels int32 (B), class indices 0 to C - 1, never null
   * @return the loss values, computed before the update
   */
  public Losses run(NDArray inputs, NDArray labels) {
    double total;
    List<Double> terms = new ArrayList<>(losses.size());
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      try (GradientCollector collector = inputs.getManager().getEngine().newGradientCollector()) {
        AffinityModel.Output out = model.run(store, inputs, null, true);
        NDArray sum = null;
        for (WeightedLoss term : losses) {
          NDArray input = term.input() == LossInput.LOGITS
              ? out.logits(term.head())
              : out.normalizedEmbeddings(term.head());
          NDArray value = term.loss().forward(store, new NDList(input, labels), true).singletonOrThrow();
          terms.add((double) value.getFloat());
          NDArray weighted = value.mul((float) term.weight());
          sum = sum == null ? weighted : sum.add(weighted);
        }
        total = sum.getFloat();
        collector.backward(sum);
      }
      optimizer.update(trainableParameters());
    }
    return new Losses(total, terms);
  }

  /** The model's parameters, then each loss's, prefixed {@code loss<i>_}: the names the optimizer keys on. */
  public ParameterList trainableParameters() {
    ParameterList all = new ParameterList();
    for (Pair<String, Parameter> p : model.getParameters()) {
      all.add(p.getKey(), p.getValue());
    }
    for (int i = 0; i < losses.size(); i++) {
      for (Pair<String, Parameter> p : losses.get(i).loss().getParameters()) {
        all.add("loss" + i + "_" + p.getKey(), p.getValue());
      }
    }
    return all;
  }
}
