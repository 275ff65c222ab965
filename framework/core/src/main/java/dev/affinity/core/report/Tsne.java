package dev.affinity.core.report;

import java.util.Random;

/**
 * Exact t-SNE (van der Maaten and Hinton 2008) in plain Java, for a few thousand points at most:
 * O(N²) memory and time per iteration.
 *
 * <p>As in the reference implementation: Gaussian affinities whose bandwidth per point is found by
 * bisection to match the perplexity, symmetrized; Student-t similarities in 2-D; early exaggeration
 * 12 for 250 iterations with momentum 0.5, then momentum 0.8; adaptive gains (+0.2 / x0.8, at least
 * 0.01); learning rate max(N / 48, 50) as scikit-learn's {@code "auto"}; a start from a Gaussian of
 * standard deviation 1e-4. The result is a pure function of the input, the settings and the seed
 * (single-threaded, fixed summation order).
 *
 * <pre>{@code
 * double[][] xy = new Tsne(30, 1000, 7).embed(points);   // points: N x d, xy: N x 2
 * }</pre>
 */
public final class Tsne {
  private static final int EXAGGERATION_ITERATIONS = 250;
  private static final double EXAGGERATION = 12;

  private final double perplexity;
  private final int iterations;
  private final long seed;

  /**
   * @param perplexity the effective number of neighbours, positive; lowered to (N - 1) / 3 for
   *     small N
   * @param iterations gradient steps, at least 1
   * @param seed the seed of the start positions
   */
  public Tsne(double perplexity, int iterations, long seed) {
    if (!(perplexity > 0)) {
      throw new IllegalArgumentException("perplexity must be positive, was " + perplexity);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1, was " + iterations);
    }
    this.perplexity = perplexity;
    this.iterations = iterations;
    this.seed = seed;
  }

  /** Perplexity 30, 1000 iterations. */
  public Tsne(long seed) {
    this(30, 1000, seed);
  }

  /**
   * Embeds the points in the plane.
   *
   * @param points N x d, N at least 2, every row of length d; not modified
   * @return N x 2, centred on the origin, rows in the order of {@code points}
   */
  public double[][] embed(float[][] points) {
    int n = points.length;
    if (n < 2) {
      throw new IllegalArgumentException("points must hold at least 2 rows, was " + n);
    }
    double[] p = affinities(squaredDistances(points), n, Math.min(perplexity, (n - 1) / 3.0));
    return descend(p, n);
  }

  private static double[] squaredDistances(float[][] points) {
    int n = points.length;
    int d = points[0].length;
    double[] distances = new double[n * n];
    for (int i = 0; i < n; i++) {
      if (points[i].length != d) {
        throw new IllegalArgumentException(
            "points must all have " + d + " columns, row " + i + " has " + points[i].length);
      }
      for (int j = i + 1; j < n; j++) {
        double sum = 0;
        for (int k = 0; k < d; k++) {
          double diff = points[i][k] - points[j][k];
          sum += diff * diff;
        }
        distances[i * n + j] = sum;
        distances[j * n + i] = sum;
      }
    }
    return distances;
  }

  /** The symmetric joint probabilities P (N x N, row-major), sum 1, diagonal 0. */
  private static double[] affinities(double[] distances, int n, double perplexity) {
    double[] conditional = new double[n * n];
    double target = Math.log(perplexity);
    double[] row = new double[n];
    for (int i = 0; i < n; i++) {
      // Shifting by the nearest distance leaves the normalized row unchanged and keeps exp() from
      // underflowing.
      double nearest = Double.POSITIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          nearest = Math.min(nearest, distances[i * n + j]);
        }
      }
      double beta = 1;
      double low = Double.NEGATIVE_INFINITY;
      double high = Double.POSITIVE_INFINITY;
      for (int attempt = 0; attempt < 100; attempt++) {
        double sum = 0;
        double weighted = 0;
        for (int j = 0; j < n; j++) {
          if (j == i) {
            row[j] = 0;
            continue;
          }
          double shifted = distances[i * n + j] - nearest;
          row[j] = Math.exp(-beta * shifted);
          sum += row[j];
          weighted += shifted * row[j];
        }
        double entropy = Math.log(sum) + beta * weighted / sum;
        double gap = entropy - target;
        if (Math.abs(gap) < 1e-5) {
          break;
        }
        if (gap > 0) {
          low = beta;
          beta = high == Double.POSITIVE_INFINITY ? beta * 2 : (beta + high) / 2;
        } else {
          high = beta;
          beta = low == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + low) / 2;
        }
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += row[j];
      }
      for (int j = 0; j < n; j++) {
        conditional[i * n + j] = row[j] / sum;
      }
    }
    double[] joint = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        joint[i * n + j] =
            i == j
                ? 0
                : Math.max((conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n), 1e-12);
      }
    }
    return joint;
  }

  private double[][] descend(double[] p, int n) {
    Random random = new Random(seed);
    double[] y = new double[2 * n];
    for (int i = 0; i < y.length; i++) {
      y[i] = 1e-4 * random.nextGaussian();
    }
    double[] step = new double[2 * n];
    double[] gains = new double[2 * n];
    java.util.Arrays.fill(gains, 1);
    double[] gradient = new double[2 * n];
    double[] attraction = new double[2 * n];
    double[] repulsion = new double[2 * n];
    double rate = Math.max(n / EXAGGERATION / 4, 50);

    for (int iteration = 0; iteration < iterations; iteration++) {
      boolean early = iteration < EXAGGERATION_ITERATIONS;
      double exaggeration = early ? EXAGGERATION : 1;
      double momentum = early ? 0.5 : 0.8;

      // One pass over the pairs: the gradient 4 sum_j (e p_ij - q_ij) k_ij (y_i - y_j) with q_ij =
      // k_ij / Z
      // splits into an attractive part, sum_j e p_ij k_ij (y_i - y_j), and a repulsive part,
      // sum_j k_ij² (y_i - y_j) / Z, whose normalizer Z is only known at the end.
      java.util.Arrays.fill(attraction, 0);
      java.util.Arrays.fill(repulsion, 0);
      double total = 0;
      for (int i = 0; i < n; i++) {
        double xi = y[2 * i];
        double yi = y[2 * i + 1];
        double ax = 0;
        double ay = 0;
        double rx = 0;
        double ry = 0;
        int row = i * n;
        for (int j = i + 1; j < n; j++) {
          double dx = xi - y[2 * j];
          double dy = yi - y[2 * j + 1];
          double k = 1 / (1 + dx * dx + dy * dy);
          total += k;
          double a = exaggeration * p[row + j] * k;
          double r = k * k;
          ax += a * dx;
          ay += a * dy;
          rx += r * dx;
          ry += r * dy;
          attraction[2 * j] -= a * dx;
          attraction[2 * j + 1] -= a * dy;
          repulsion[2 * j] -= r * dx;
          repulsion[2 * j + 1] -= r * dy;
        }
        attraction[2 * i] += ax;
        attraction[2 * i + 1] += ay;
        repulsion[2 * i] += rx;
        repulsion[2 * i + 1] += ry;
      }
      total *= 2;
      for (int i = 0; i < 2 * n; i++) {
        gradient[i] = 4 * (attraction[i] - repulsion[i] / total);
      }
      for (int i = 0; i < 2 * n; i++) {
        boolean sameSign = (gradient[i] > 0) == (step[i] > 0);
        gains[i] = Math.max(sameSign ? gains[i] * 0.8 : gains[i] + 0.2, 0.01);
        step[i] = momentum * step[i] - rate * gains[i] * gradient[i];
        y[i] += step[i];
      }
      double meanX = 0;
      double meanY = 0;
      for (int i = 0; i < n; i++) {
        meanX += y[2 * i];
        meanY += y[2 * i + 1];
      }
      meanX /= n;
      meanY /= n;
      for (int i = 0; i < n; i++) {
        y[2 * i] -= meanX;
        y[2 * i + 1] -= meanY;
      }
    }
    double[][] result = new double[n][2];
    for (int i = 0; i < n; i++) {
      result[i][0] = y[2 * i];
      result[i][1] = y[2 * i + 1];
    }
    return result;
  }

  /**
   * A deterministic subsample: all indices when {@code n <= max}, else {@code max} of them chosen
   * by a seeded shuffle, in increasing order.
   */
  static int[] subsample(int n, int max, long seed) {
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    if (n <= max) {
      return indices;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = indices[i];
      indices[i] = indices[j];
      indices[j] = swap;
    }
    int[] chosen = java.util.Arrays.copyOf(indices, max);
    java.util.Arrays.sort(chosen);
    return chosen;
  }
}
