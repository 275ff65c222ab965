package dev.affinity.core.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019), as PyTorch's {@code AdamW}:
 * {@code w *= 1 - lr wd}, then Adam's update without L2 in the gradient.
 */
public final class AdamW extends StatefulOptimizer {

  private final Adam adam;

  public AdamW(NDManager manager, double learningRate, double weightDecay, double beta1, double beta2,
      double epsilon, LearningRateSchedule schedule) {
    super(manager, learningRate, schedule);
    this.adam = new Adam(manager, learningRate, weightDecay, beta1, beta2, epsilon, schedule, true);
  }

  @Override
  protected String kind() {
    return "adamw";
  }

  @Override
  protected int arraysPerParameter() {
    return 2;
  }

  @Override
  protected void update(NDArray weight, NDArray gradient, Slot slot, double lr) {
    adam.update(weight, gradient, slot, lr);
  }

  @Override
  public void close() {
    adam.close();
    super.close();
  }
}
