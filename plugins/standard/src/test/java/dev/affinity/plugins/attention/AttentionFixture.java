package dev.affinity.plugins.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.attention.AttentionBlock;
import dev.affinity.spi.attention.AttentionShape;
import java.util.Map;

/** Builds attention blocks on tiny inputs and checks them against hand computations. */
final class AttentionFixture {

  static final float[] X = {
    1, 0, 0, 1,
    0, 1, 1, 0,
    1, 1, 0, 0
  };

  private AttentionFixture() {}

  static AttentionBlock block(NDManager manager, Attention attention, int dim, int heads, DataType type) {
    AttentionBlock block = attention.build(new AttentionShape(dim, heads, 0f));
    block.initialize(manager, type, new Shape(3, dim));
    return block;
  }

  static void set(AttentionBlock block, Map<String, float[]> values) {
    values.forEach((name, v) -> block.getParameters().get(name).getArray().set(v));
  }

  static NDList forward(NDManager manager, AttentionBlock block, NDArray x, NDArray mask) {
    NDList in = mask == null ? new NDList(x) : new NDList(x, mask);
    return block.forward(new ParameterStore(manager, false), in, false);
  }

  static float[] identity(int n, float scale) {
    float[] m = new float[n * n];
    for (int i = 0; i < n; i++) {
      m[i * n + i] = scale;
    }
    return m;
  }

  static long parameterCount(AttentionBlock block) {
    long count = 0;
    for (var p : block.getParameters()) {
      count += p.getValue().getShape().size();
    }
    return count;
  }

  /**
   * The largest relative gap between autograd's gradient of {@code sum(out * r)} and central differences,
   * over every entry of x and of every parameter (tiny blocks only; float64).
   */
  static double worstGradientGap(NDManager manager, AttentionBlock block, NDArray x, NDArray mask) {
    NDArray r = manager.randomUniform(-1, 1, new Shape(x.getShape().get(0), block.shape().dim()),
        DataType.FLOAT64);
    x.setRequiresGradient(true);
    try (GradientCollector c = manager.getEngine().newGradientCollector()) {
      NDArray loss = forward(manager, block, x, mask).get(0).mul(r).sum();
      c.backward(loss);
    }
    double worst = worst(x, x.getGradient().toDoubleArray(), () -> objective(manager, block, x, mask, r));
    for (var p : block.getParameters()) {
      NDArray w = p.getValue().getArray();
      worst = Math.max(worst,
          worst(w, w.getGradient().toDoubleArray(), () -> objective(manager, block, x, mask, r)));
    }
    return worst;
  }

  private static double objective(NDManager manager, AttentionBlock block, NDArray x, NDArray mask, NDArray r) {
    return forward(manager, block, x, mask).get(0).mul(r).sum().getDouble();
  }

  private static double worst(NDArray array, double[] analytic, java.util.function.DoubleSupplier f) {
    double h = 1e-6;
    double[] values = array.toDoubleArray();
    double worst = 0;
    for (int i = 0; i < values.length; i++) {
      double keep = values[i];
      values[i] = keep + h;
      array.set(values);
      double up = f.getAsDouble();
      values[i] = keep - h;
      array.set(values);
      double down = f.getAsDouble();
      values[i] = keep;
      array.set(values);
      double numeric = (up - down) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.abs(numeric)));
    }
    return worst;
  }

  /** Softmax of one row of logits. */
  static double[] softmax(double... logits) {
    double sum = 0;
    double[] e = new double[logits.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = Math.exp(logits[i]);
      sum += e[i];
    }
    for (int i = 0; i < e.length; i++) {
      e[i] /= sum;
    }
    return e;
  }

  static float[] floats(double... values) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  static Parameter parameter(AttentionBlock block, String name) {
    return block.getParameters().get(name);
  }
}
