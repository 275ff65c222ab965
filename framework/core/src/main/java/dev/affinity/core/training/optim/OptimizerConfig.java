package dev.affinity.core.training.optim;

import ai.djl.ndarray.NDManager;
import java.util.Locale;

/**
 * Which optimizer, with its numbers. Fields a kind does not use are ignored ({@code momentum} for the Adam
 * family, the betas and epsilon for SGD).
 *
 * @param kind never null
 * @param learningRate the base learning rate, positive
 * @param weightDecay at least 0: decoupled for RAdam and AdamW, L2 in the gradient for Adam and SGD
 * @param beta1 in [0, 1)
 * @param beta2 in [0, 1)
 * @param epsilon positive
 * @param momentum in [0, 1)
 */
public record OptimizerConfig(
    Kind kind,
    double learningRate,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    double momentum) {

  /** The optimizers. Manifests write the lower-case name. */
  public enum Kind {
    RADAM, ADAM, ADAMW, SGD;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public OptimizerConfig {
    if (kind == null) {
      throw new IllegalArgumentException("kind must be radam, adam, adamw or sgd, was null");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning_rate must be a positive number, was " + learningRate);
    }
    Adam.checkMoments(weightDecay, beta1, beta2, epsilon);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
    }
  }

  /** The paper's RAdam: betas (0.9, 0.999), epsilon 1e-8, decoupled weight decay. */
  public static OptimizerConfig radam(double learningRate, double weightDecay) {
    return new OptimizerConfig(Kind.RADAM, learningRate, weightDecay, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * A new optimizer with empty state.
   *
   * @param manager the parent of the manager for its state arrays (device of the parameters), never null
   * @param schedule the learning-rate factor, never null
   */
  public StatefulOptimizer create(NDManager manager, LearningRateSchedule schedule) {
    return switch (kind) {
      case RADAM -> new RAdam(manager, learningRate, weightDecay, beta1, beta2, epsilon, schedule);
      case ADAM -> new Adam(manager, learningRate, weightDecay, beta1, beta2, epsilon, schedule);
      case ADAMW -> new AdamW(manager, learningRate, weightDecay, beta1, beta2, epsilon, schedule);
      case SGD -> new Sgd(manager, learningRate, weightDecay, momentum, schedule);
    };
  }
}
