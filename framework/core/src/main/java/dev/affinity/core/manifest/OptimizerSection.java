package dev.affinity.core.manifest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The optimizer and its learning-rate schedule. Defaults are the paper's CUB settings: RAdam with
 * decoupled weight decay, lr / 10 at epochs 31 and 51, each time after reloading the best checkpoint.
 *
 * @param name the algorithm
 * @param lr the base learning rate
 * @param weightDecay decoupled (AdamW-style) for radam and adamw, L2 for adam and sgd
 * @param momentum SGD's momentum
 * @param beta1 Adam-family first-moment decay
 * @param beta2 Adam-family second-moment decay
 * @param epsilon Adam-family denominator term
 * @param schedule how the learning rate moves
 */
public record OptimizerSection(
    Algorithm name,
    double lr,
    double weightDecay,
    double momentum,
    double beta1,
    double beta2,
    double epsilon,
    Schedule schedule) {

  /** The optimizers on offer. */
  public enum Algorithm {
    RADAM,
    ADAM,
    ADAMW,
    SGD
  }

  public OptimizerSection() {
    this(Algorithm.RADAM, 1.5637e-4, 6.0597e-6, 0.9, 0.9, 0.999, 1e-8, new Schedule());
  }

  public OptimizerSection {
    requireNonNull(name, "name is null");
    requireNonNull(schedule, "schedule is null");
    if (!(lr > 0)) {
      throw new IllegalArgumentException("lr must be greater than 0, was " + lr);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight_decay must be 0 or more, was " + weightDecay);
    }
    for (var p : List.of(List.of("momentum", momentum), List.of("beta1", beta1), List.of("beta2", beta2))) {
      double v = (double) p.get(1);
      if (!(v >= 0 && v < 1)) {
        throw new IllegalArgumentException(p.get(0) + " must be in [0, 1), was " + v);
      }
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be greater than 0, was " + epsilon);
    }
  }

  /**
   * The learning-rate schedule.
   *
   * @param type constant, steps at milestones, or cosine to 0 over the run
   * @param milestones the epochs (1-based) at whose start the rate is multiplied by {@code factor}
   * @param factor the step factor
   * @param warmupEpochs epochs of linear warm-up from 0, before the schedule
   * @param reloadBest at each milestone, reload the best checkpoint first (the paper's behaviour)
   */
  public record Schedule(Type type, List<Integer> milestones, double factor, int warmupEpochs, boolean reloadBest) {

    /** The schedule's shape. */
    public enum Type {
      CONSTANT,
      STEP,
      COSINE
    }

    public Schedule() {
      this(Type.STEP, List.of(31, 51), 0.1, 0, true);
    }

    public Schedule {
      requireNonNull(type, "type is null");
      milestones = List.copyOf(requireNonNull(milestones, "milestones is null"));
      for (int i = 0; i < milestones.size(); i++) {
        if (milestones.get(i) < 1 || (i > 0 && milestones.get(i) <= milestones.get(i - 1))) {
          throw new IllegalArgumentException("milestones must be increasing epochs from 1, was " + milestones);
        }
      }
      if (!(factor > 0 && factor <= 1)) {
        throw new IllegalArgumentException("factor must be in (0, 1], was " + factor);
      }
      if (warmupEpochs < 0) {
        throw new IllegalArgumentException("warmup_epochs must be 0 or more, was " + warmupEpochs);
      }
    }
  }
}
