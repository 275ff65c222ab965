package dev.affinity.core.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {

  /** Minimizes {@code f(w) = sum(c w + w^2 / 2)}, gradient {@code c + w}, one update per call. */
  private static void step(NDManager manager, StatefulOptimizer optimizer, Parameter w, float[] c) {
    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
      NDArray x = w.getArray();
      collector.backward(x.mul(manager.create(c)).add(x.square().div(2)).sum());
    }
    ParameterList list = new ParameterList();
    list.add("w", w);
    optimizer.update(list);
  }

  private static Parameter parameter(NDManager manager, float... values) {
    Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
        .optArray(manager.create(values)).build();
    w.initialize(manager, DataType.FLOAT32);
    return w;
  }

  @Test
  void radamFollowsTheRectifiedUpdateStepByStep() {
    double lr = 0.1;
    double wd = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    try (NDManager manager = NDManager.newBaseManager();
        RAdam radam = new RAdam(manager, lr, wd, b1, b2, 1e-8, LearningRateSchedule.constant())) {
      Parameter w = parameter(manager, 1f, -2f);
      float[] c = {0.5f, 1f};

      // step 1: rho_1 = 1999 - 2 * 0.999 / 0.001 = 1 <= 5, so SGD with the bias-corrected momentum:
      // w = w (1 - lr wd) - lr g, g = c + w = [1.5, -1]: [1 * 0.999 - 0.15, -2 * 0.999 + 0.1] = [0.849, -1.898]
      step(manager, radam, w, c);
      assertThat(w.getArray().toFloatArray()).containsExactly(new float[] {0.849f, -1.898f}, within(1e-6f));

      // the next steps, restating PyTorch's RAdam(decoupled_weight_decay=True) in doubles
      double[] x = {0.849, -1.898};
      double[] m = {(1 - b1) * 1.5, (1 - b1) * -1};
      double[] v = {(1 - b2) * 1.5 * 1.5, (1 - b2) * 1};
      double rhoInf = 2 / (1 - b2) - 1;
      for (int t = 2; t <= 8; t++) {
        step(manager, radam, w, c);
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        double rho = rhoInf - 2 * t * Math.pow(b2, t) / bc2;
        for (int i = 0; i < 2; i++) {
          double g = c[i] + x[i];
          x[i] *= 1 - lr * wd;
          m[i] = b1 * m[i] + (1 - b1) * g;
          v[i] = b2 * v[i] + (1 - b2) * g * g;
          if (rho > 5) {
            double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
            x[i] -= lr * m[i] / bc1 * r * Math.sqrt(bc2) / (Math.sqrt(v[i]) + 1e-8);
          } else {
            x[i] -= lr * m[i] / bc1;
          }
        }
        float[] got = w.getArray().toFloatArray();
        assertThat(got[0]).as("step %d", t).isEqualTo((float) x[0], within(1e-5f));
        assertThat(got[1]).as("step %d", t).isEqualTo((float) x[1], within(1e-5f));
      }
      assertThat(rhoInf - 2 * 8 * Math.pow(b2, 8) / (1 - Math.pow(b2, 8))).as("rectified by step 8")
          .isGreaterThan(5);
      assertThat(radam.steps()).isEqualTo(8);
    }
  }

  @Test
  void frozenParametersAreNotUpdated() {
    try (NDManager manager = NDManager.newBaseManager();
        StatefulOptimizer sgd = new Sgd(manager, 0.1, 0, 0.9, LearningRateSchedule.constant())) {
      Parameter w = parameter(manager, 1f, 2f);
      w.freeze(true);
      ParameterList list = new ParameterList();
      list.add("w", w);
      sgd.update(list);
      assertThat(w.getArray().toFloatArray()).containsExactly(1f, 2f);
    }
  }

  @Test
  void sgdWithMomentumAccumulatesTheVelocity() {
    try (NDManager manager = NDManager.newBaseManager();
        StatefulOptimizer sgd = new Sgd(manager, 0.1, 0, 0.5, LearningRateSchedule.constant())) {
      Parameter w = parameter(manager, 1f);
      float[] c = {1f};
      // g = 1 + w = 2: b = 2, w = 1 - 0.2 = 0.8; g = 1.8: b = 0.5 * 2 + 1.8 = 2.8, w = 0.8 - 0.28 = 0.52
      step(manager, sgd, w, c);
      step(manager, sgd, w, c);
      assertThat(w.getArray().getFloat()).isEqualTo(0.52f, within(1e-6f));
    }
  }

  @Test
  void stateOfAnotherOptimizerIsRefused() throws IOException {
    try (NDManager manager = NDManager.newBaseManager();
        StatefulOptimizer sgd = new Sgd(manager, 0.1, 0, 0.5, LearningRateSchedule.constant());
        StatefulOptimizer adam = new Adam(manager, 0.1, 0, 0.9, 0.999, 1e-8, LearningRateSchedule.constant())) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      sgd.save(new DataOutputStream(bytes));
      assertThatThrownBy(() -> adam.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
          .isInstanceOf(IOException.class)
          .hasMessage("optimizer state is for sgd, this optimizer is adam");
    }
  }

  @Test
  void scheduleStepsWarmsUpAndFollowsACosine() {
    LearningRateSchedule steps = LearningRateSchedule.steps(List.of(30, 50), 0.1);
    assertThat(steps.factor(29, 0)).isEqualTo(1.0);
    assertThat(steps.factor(30, 0)).isEqualTo(0.1, within(1e-12));
    assertThat(steps.factor(69, 0)).isEqualTo(0.01, within(1e-12));
    LearningRateSchedule warm = LearningRateSchedule.warmup(4, LearningRateSchedule.constant());
    assertThat(new double[] {warm.factor(0, 0), warm.factor(0, 1), warm.factor(0, 3), warm.factor(0, 9)})
        .containsExactly(0.25, 0.5, 1.0, 1.0);
    LearningRateSchedule cosine = LearningRateSchedule.cosine(10, 0.0);
    assertThat(cosine.factor(0, 0)).isEqualTo(1.0);
    assertThat(cosine.factor(0, 5)).isEqualTo(0.5, within(1e-12));
    assertThat(cosine.factor(0, 10)).isEqualTo(0.0, within(1e-12));
  }

  @Test
  void theOptimizerAppliesItsScheduleAtItsEpoch() {
    try (NDManager manager = NDManager.newBaseManager();
        StatefulOptimizer sgd = new Sgd(manager, 0.5, 0, 0, LearningRateSchedule.steps(List.of(2), 0.1))) {
      assertThat(sgd.learningRate()).isEqualTo(0.5);
      sgd.setEpoch(2);
      assertThat(sgd.learningRate()).isEqualTo(0.05, within(1e-12));
    }
  }

  @Test
  void configNamesTheBadKey() {
    assertThatThrownBy(() -> OptimizerConfig.radam(0, 0))
        .hasMessage("learning_rate must be a positive number, was 0.0");
    assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.SGD, 0.1, 0, 0.9, 0.999, 1e-8, 1))
        .hasMessage("momentum must be in [0, 1), was 1.0");
    assertThat(OptimizerConfig.Kind.ADAMW).hasToString("adamw");
  }
}
