package dev.affinity.core.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam with L2 weight decay added to the gradient, as PyTorch's {@code Adam}:
 * {@code g += wd w; m, v as usual; w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 */
public final class Adam extends StatefulOptimizer {

  private final double weightDecay;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean decoupled;

  public Adam(NDManager manager, double learningRate, double weightDecay, double beta1, double beta2,
      double epsilon, LearningRateSchedule schedule) {
    this(manager, learningRate, weightDecay, beta1, beta2, epsilon, schedule, false);
  }

  Adam(NDManager manager, double learningRate, double weightDecay, double beta1, double beta2,
      double epsilon, LearningRateSchedule schedule, boolean decoupled) {
    super(manager, learningRate, schedule);
    checkMoments(weightDecay, beta1, beta2, epsilon);
    this.weightDecay = weightDecay;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.decoupled = decoupled;
  }

  @Override
  protected String kind() {
    return decoupled ? "adamw" : "adam";
  }

  @Override
  protected int arraysPerParameter() {
    return 2;
  }

  @Override
  protected void update(NDArray weight, NDArray gradient, Slot slot, double lr) {
    long t = slot.steps();
    NDArray g = gradient;
    if (weightDecay != 0) {
      if (decoupled) {
        weight.muli((float) (1 - lr * weightDecay));
      } else {
        g = gradient.add(weight.mul((float) weightDecay));
      }
    }
    NDArray m = firstMoment(slot.array(0), g, beta1);
    NDArray v = secondMoment(slot.array(1), g, beta2);
    double bias1 = 1 - Math.pow(beta1, t);
    double bias2 = 1 - Math.pow(beta2, t);
    NDArray denominator = v.sqrt().div((float) Math.sqrt(bias2)).add((float) epsilon);
    weight.subi(m.div(denominator).mul((float) (lr / bias1)));
  }

  /** {@code m = b1 m + (1 - b1) g}, in place. */
  static NDArray firstMoment(NDArray m, NDArray g, double beta1) {
    return m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
  }

  /** {@code v = b2 v + (1 - b2) g^2}, in place. */
  static NDArray secondMoment(NDArray v, NDArray g, double beta2) {
    return v.muli((float) beta2).addi(g.square().mul((float) (1 - beta2)));
  }

  static void checkMoments(double weightDecay, double beta1, double beta2, double epsilon) {
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weight_decay must be at least 0, was " + weightDecay);
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), was " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), was " + beta2);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be positive, was " + epsilon);
    }
  }
}
