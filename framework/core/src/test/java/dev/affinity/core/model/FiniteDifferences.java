package dev.affinity.core.model;

import ai.djl.ndarray.NDArray;

/** A scalar function of some float64 arrays, compared with autograd by central differences. */
@FunctionalInterface
interface FiniteDifferences {

  double value();

  /**
   * The largest relative gap between {@code array}'s gradient and central differences of {@link #value},
   * over about four entries spread across the array (a whole block's worth of entries would be slow).
   */
  default double worstGap(NDArray array) {
    double[] analytic = array.getGradient().toDoubleArray();
    double[] values = array.toDoubleArray();
    double h = 1e-6;
    double worst = 0;
    for (int i = 0; i < values.length; i += Math.max(1, values.length / 4)) {
      double keep = values[i];
      values[i] = keep + h;
      array.set(values);
      double up = value();
      values[i] = keep - h;
      array.set(values);
      double down = value();
      values[i] = keep;
      array.set(values);
      double numeric = (up - down) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.abs(numeric)));
    }
    return worst;
  }
}
