package dev.affinity.core.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Stochastic gradient descent with momentum and L2 weight decay, as PyTorch's {@code SGD} (no dampening):
 * {@code g += wd w; b = mu b + g; w -= lr b} (with {@code mu = 0}, plain SGD).
 */
public final class Sgd extends StatefulOptimizer {

  private final double weightDecay;
  private final double momentum;

  public Sgd(NDManager manager, double learningRate, double weightDecay, double momentum,
      LearningRateSchedule schedule) {
    super(manager, learningRate, schedule);
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weight_decay must be at least 0, was " + weightDecay);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
    }
    this.weightDecay = weightDecay;
    this.momentum = momentum;
  }

  @Override
  protected String kind() {
    return "sgd";
  }

  @Override
  protected int arraysPerParameter() {
    return 1;
  }

  @Override
  protected void update(NDArray weight, NDArray gradient, Slot slot, double lr) {
    NDArray g = weightDecay == 0 ? gradient : gradient.add(weight.mul((float) weightDecay));
    NDArray buffer = slot.array(0).muli((float) momentum).addi(g);
    weight.subi(buffer.mul((float) lr));
  }
}
