package dev.affinity.core.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Rectified Adam (Liu et al. 2020) with decoupled weight decay, the paper's optimizer; the same arithmetic
 * as PyTorch's {@code RAdam(decoupled_weight_decay=True)}. For update t of a parameter:
 *
 * <pre>
 * w *= 1 - lr wd
 * m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 * rho_inf = 2 / (1 - b2) - 1;   rho_t = rho_inf - 2 t b2^t / (1 - b2^t)
 * rho_t > 5:  w -= lr r_t sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps),
 *             r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
 * otherwise:  w -= lr / (1 - b1^t) * m
 * </pre>
 */
public final class RAdam extends StatefulOptimizer {

  private final double weightDecay;
  private final double beta1;
  private final double beta2;
  private final double epsilon;

  public RAdam(NDManager manager, double learningRate, double weightDecay, double beta1, double beta2,
      double epsilon, LearningRateSchedule schedule) {
    super(manager, learningRate, schedule);
    Adam.checkMoments(weightDecay, beta1, beta2, epsilon);
    this.weightDecay = weightDecay;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  protected String kind() {
    return "radam";
  }

  @Override
  protected int arraysPerParameter() {
    return 2;
  }

  @Override
  protected void update(NDArray weight, NDArray gradient, Slot slot, double lr) {
    long t = slot.steps();
    if (weightDecay != 0) {
      weight.muli((float) (1 - lr * weightDecay));
    }
    NDArray m = Adam.firstMoment(slot.array(0), gradient, beta1);
    NDArray v = Adam.secondMoment(slot.array(1), gradient, beta2);
    double bias1 = 1 - Math.pow(beta1, t);
    double bias2 = 1 - Math.pow(beta2, t);
    double rhoInf = 2 / (1 - beta2) - 1;
    double rho = rhoInf - 2 * t * Math.pow(beta2, t) / bias2;
    if (rho > 5) {
      double rect = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
      weight.subi(m.div(v.sqrt().add((float) epsilon)).mul((float) (lr * rect * Math.sqrt(bias2) / bias1)));
    } else {
      weight.subi(m.mul((float) (lr / bias1)));
    }
  }
}
