package dev.affinity.plugins.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;

/**
 * Lloyd's k-means, the distance work (O(n K d) per iteration) on the points' device in chunks, the
 * centre update (O(n d)) on the host in float64 and in point order, so a seed gives the same clusters on
 * any run of one machine.
 *
 * <p>Initialization is greedy k-means++ as scikit-learn's ({@code 2 + ln K} candidates per centre, the one
 * that lowers the potential most kept) or K distinct points drawn uniformly. Iterations stop when no
 * assignment changes or when the centres move less, in total squared distance, than {@code tolerance}
 * times the mean per-feature variance (scikit-learn's rule). An empty cluster keeps its centre.
 */
final class KMeans {

  /** How centres start. */
  /** Assignment chunks hold about this many float32 distances (16 MiB). */
  private static final long BLOCK_ENTRIES = 4L << 20;

  private final int clusters;
  private final Nmi.Init init;
  private final int restarts;
  private final int maxIterations;
  private final double tolerance;

  KMeans(int clusters, Nmi.Init init, int restarts, int maxIterations, double tolerance) {
    this.clusters = clusters;
    this.init = init;
    this.restarts = restarts;
    this.maxIterations = maxIterations;
    this.tolerance = tolerance;
  }

  /**
   * Clusters the rows of {@code x}.
   *
   * @param x float (n, d), n at least {@code clusters}; not modified or closed
   * @param seed the seed; restart r uses a generator derived from (seed, r)
   * @return the cluster of each row, 0 to K - 1, of the restart with the lowest inertia
   */
  int[] fit(NDArray x, long seed) {
    int n = Math.toIntExact(x.getShape().get(0));
    int d = Math.toIntExact(x.getShape().get(1));
    if (n < clusters) {
      throw new IllegalArgumentException(n + " points cannot form " + clusters + " clusters");
    }
    try (NDManager scope = x.getManager().newSubManager()) {
      NDArray points = x.toType(DataType.FLOAT32, true);
      points.attach(scope);
      NDArray norms = points.square().sum(new int[] {1});
      float[] host = points.toFloatArray();
      double threshold = tolerance * meanVariance(host, n, d);
      int[] best = null;
      double bestInertia = Double.POSITIVE_INFINITY;
      for (int r = 0; r < restarts; r++) {
        Random random = new Random(seed * 1_000_003L + r);
        float[] centres = init == Nmi.Init.RANDOM
            ? randomCentres(host, n, d, random)
            : plusPlusCentres(points, norms, host, n, d, random);
        double[] inertia = new double[1];
        int[] assignment = lloyd(points, norms, host, centres, n, d, threshold, inertia);
        if (inertia[0] < bestInertia) {
          bestInertia = inertia[0];
          best = assignment;
        }
      }
      return best;
    }
  }

  private int[] lloyd(NDArray points, NDArray norms, float[] host, float[] centres, int n, int d,
      double threshold, double[] inertia) {
    int[] assignment = assign(points, norms, centres, d, inertia);
    for (int it = 0; it < maxIterations; it++) {
      double shift = update(host, assignment, centres, n, d);
      int[] next = assign(points, norms, centres, d, inertia);
      boolean same = Arrays.equals(next, assignment);
      assignment = next;
      if (same || shift <= threshold) {
        break;
      }
    }
    return assignment;
  }

  /** Nearest centre of every point, and the inertia (sum of squared distances) into {@code inertia[0]}. */
  private int[] assign(NDArray points, NDArray norms, float[] centres, int d, double[] inertia) {
    int n = Math.toIntExact(points.getShape().get(0));
    int[] assignment = new int[n];
    double total = 0;
    int chunk = (int) Math.max(1, Math.min(n, BLOCK_ENTRIES / clusters));
    try (NDManager scope = points.getManager().newSubManager()) {
      NDArray c = scope.create(centres, new Shape(clusters, d));
      NDArray cT = c.transpose();
      NDArray cNorms = c.square().sum(new int[] {1}).expandDims(0);
      for (int start = 0; start < n; start += chunk) {
        int end = Math.min(n, start + chunk);
        try (NDManager block = scope.newSubManager()) {
          NDIndex rows = new NDIndex("{}:{}", start, end);
          NDArray dist = points.get(block, rows).matMul(cT).muli(-2)
              .addi(cNorms).addi(norms.get(block, rows).expandDims(1));
          int[] nearest = dist.argMin(1).toType(DataType.INT32, false).toIntArray();
          System.arraycopy(nearest, 0, assignment, start, nearest.length);
          for (float v : dist.min(new int[] {1}).toFloatArray()) {
            total += Math.max(0f, v);
          }
        }
      }
    }
    inertia[0] = total;
    return assignment;
  }

  /** Moves each centre to the mean of its points; returns the total squared shift. */
  private double update(float[] host, int[] assignment, float[] centres, int n, int d) {
    double[] sums = new double[clusters * d];
    int[] counts = new int[clusters];
    for (int i = 0; i < n; i++) {
      int c = assignment[i];
      counts[c]++;
      int base = c * d;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        sums[base + j] += host[row + j];
      }
    }
    double shift = 0;
    for (int c = 0; c < clusters; c++) {
      if (counts[c] == 0) {
        continue;
      }
      for (int j = 0; j < d; j++) {
        float moved = (float) (sums[c * d + j] / counts[c]);
        double delta = moved - centres[c * d + j];
        shift += delta * delta;
        centres[c * d + j] = moved;
      }
    }
    return shift;
  }

  private float[] randomCentres(float[] host, int n, int d, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    float[] centres = new float[clusters * d];
    for (int c = 0; c < clusters; c++) {
      int pick = c + random.nextInt(n - c);
      int tmp = order[c];
      order[c] = order[pick];
      order[pick] = tmp;
      System.arraycopy(host, order[c] * d, centres, c * d, d);
    }
    return centres;
  }

  private float[] plusPlusCentres(NDArray points, NDArray norms, float[] host, int n, int d,
      Random random) {
    int trials = 2 + (int) Math.log(clusters);
    float[] centres = new float[clusters * d];
    int first = random.nextInt(n);
    System.arraycopy(host, first * d, centres, 0, d);
    try (NDManager scope = points.getManager().newSubManager()) {
      NDArray pointsT = points.transpose();
      pointsT.attach(scope);
      NDArray rowNorms = norms.expandDims(0);
      rowNorms.attach(scope);
      NDArray closest = squaredDistances(scope, points, pointsT, norms, rowNorms, new long[] {first})
          .squeeze(0);
      double potential = closest.toType(DataType.FLOAT64, false).sum().getDouble();
      for (int c = 1; c < clusters; c++) {
        NDArray next;
        try (NDManager step = scope.newSubManager()) {
          // Everything computed from closest in this step is released with the step.
          closest.tempAttach(step);
          double[] draws = new double[trials];
          for (int t = 0; t < trials; t++) {
            draws[t] = random.nextDouble() * potential;
          }
          // searchsorted: the first index whose running sum reaches the draw.
          NDArray cumulative = closest.toType(DataType.FLOAT64, false).cumSum(0);
          long[] candidates = cumulative.expandDims(0).lt(step.create(draws).expandDims(1))
              .sum(new int[] {1}).minimum(n - 1).toType(DataType.INT64, false).toLongArray();
          NDArray lowered = squaredDistances(step, points, pointsT, norms, rowNorms, candidates)
              .minimum(closest.expandDims(0));
          double[] potentials = lowered.toType(DataType.FLOAT64, false).sum(new int[] {1}).toDoubleArray();
          int bestTrial = 0;
          for (int t = 1; t < trials; t++) {
            if (potentials[t] < potentials[bestTrial]) {
              bestTrial = t;
            }
          }
          potential = potentials[bestTrial];
          System.arraycopy(host, (int) candidates[bestTrial] * d, centres, c * d, d);
          next = lowered.get(bestTrial);
          next.attach(scope);
        }
        closest.close();
        closest = next;
      }
    }
    return centres;
  }

  /** Squared distances (m, n) from the points at {@code indices} (m) to every point, in {@code manager}. */
  private static NDArray squaredDistances(NDManager manager, NDArray points, NDArray pointsT,
      NDArray norms, NDArray rowNorms, long[] indices) {
    NDIndex chosen = new NDIndex("{}", manager.create(indices));
    return points.get(manager, chosen).matMul(pointsT).mul(-2).add(rowNorms)
        .add(norms.get(manager, chosen).expandDims(1)).maximum(0f);
  }

  private static double meanVariance(float[] host, int n, int d) {
    double total = 0;
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += host[i * d + j];
      }
      mean /= n;
      double variance = 0;
      for (int i = 0; i < n; i++) {
        double diff = host[i * d + j] - mean;
        variance += diff * diff;
      }
      total += variance / n;
    }
    return total / d;
  }
}
