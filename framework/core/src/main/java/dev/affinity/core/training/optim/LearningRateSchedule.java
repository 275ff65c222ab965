package dev.affinity.core.training.optim;

import java.util.List;
import java.util.Objects;

/**
 * The factor the base learning rate is multiplied by, given where training is. Pure: the position (epoch,
 * step) lives in the optimizer and is saved with its state.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /**
   * @param epoch the current epoch, from 0
   * @param step the number of updates done before this one, from 0
   * @return the factor, at least 0
   */
  double factor(int epoch, long step);

  /** Always 1. */
  static LearningRateSchedule constant() {
    return (epoch, step) -> 1.0;
  }

  /**
   * Multiplies by {@code factor} once for each milestone epoch reached: with milestones [30, 50] and factor
   * 0.1, epochs 0-29 get 1, 30-49 get 0.1, 50 on get 0.01.
   */
  static LearningRateSchedule steps(List<Integer> milestones, double factor) {
    List<Integer> sorted = List.copyOf(Objects.requireNonNull(milestones, "milestones is null"));
    for (Integer m : sorted) {
      if (m == null || m < 0) {
        throw new IllegalArgumentException("milestones must be epochs from 0, was " + milestones);
      }
    }
    if (!(factor > 0)) {
      throw new IllegalArgumentException("factor must be positive, was " + factor);
    }
    return (epoch, step) -> {
      int reached = 0;
      for (int m : sorted) {
        if (epoch >= m) {
          reached++;
        }
      }
      return Math.pow(factor, reached);
    };
  }

  /** Rises linearly from {@code 1 / steps} to 1 over the first {@code steps} updates, then follows {@code then}. */
  static LearningRateSchedule warmup(long steps, LearningRateSchedule then) {
    if (steps < 1) {
      throw new IllegalArgumentException("warmup_steps must be at least 1, was " + steps);
    }
    Objects.requireNonNull(then, "then is null");
    return (epoch, step) -> then.factor(epoch, step) * Math.min(1.0, (step + 1) / (double) steps);
  }

  /** Half a cosine from 1 down to {@code minFactor} over {@code totalSteps} updates, then {@code minFactor}. */
  static LearningRateSchedule cosine(long totalSteps, double minFactor) {
    if (totalSteps < 1) {
      throw new IllegalArgumentException("total_steps must be at least 1, was " + totalSteps);
    }
    if (!(minFactor >= 0 && minFactor <= 1)) {
      throw new IllegalArgumentException("min_factor must be in [0, 1], was " + minFactor);
    }
    return (epoch, step) -> {
      double t = Math.min(1.0, step / (double) totalSteps);
      return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * t));
    };
  }
}
