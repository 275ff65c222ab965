package dev.affinity.plugins.metric;

import java.util.HashMap;
import java.util.Map;

/**
 * How well a clustering matches the labels, as scikit-learn computes it with its default arithmetic-mean
 * normalization: {@code NMI = I(U; V) / ((H(U) + H(V)) / 2)} and
 * {@code AMI = (I - E[I]) / ((H(U) + H(V)) / 2 - E[I])}, natural logarithms, E[I] under the
 * hypergeometric model of random labelings with the same cluster sizes.
 */
final class ClusterAgreement {

  private final int n;
  private final int[] labelSizes;
  private final int[] clusterSizes;
  private final Map<Long, Integer> cells = new HashMap<>();

  /**
   * @param labels class of each item, 0 to L - 1
   * @param clusters cluster of each item, 0 to K - 1, same length
   */
  ClusterAgreement(int[] labels, int[] clusters) {
    n = labels.length;
    labelSizes = new int[max(labels) + 1];
    clusterSizes = new int[max(clusters) + 1];
    for (int i = 0; i < n; i++) {
      labelSizes[labels[i]]++;
      clusterSizes[clusters[i]]++;
      cells.merge(((long) labels[i] << 32) | clusters[i], 1, Integer::sum);
    }
  }

  double mutualInformation() {
    double mi = 0;
    for (Map.Entry<Long, Integer> cell : cells.entrySet()) {
      int a = labelSizes[(int) (cell.getKey() >>> 32)];
      int b = clusterSizes[(int) (long) cell.getKey()];
      double nij = cell.getValue();
      mi += nij / n * Math.log(n * nij / ((double) a * b));
    }
    return Math.max(0, mi);
  }

  static double entropy(int[] sizes, int n) {
    double h = 0;
    for (int s : sizes) {
      if (s > 0) {
        h -= (double) s / n * Math.log((double) s / n);
      }
    }
    return h;
  }

  /** NMI; 1 when both partitions are a single block (scikit-learn's convention). */
  double nmi() {
    double hu = entropy(labelSizes, n);
    double hv = entropy(clusterSizes, n);
    if (hu == 0 && hv == 0) {
      return 1;
    }
    double mean = (hu + hv) / 2;
    return mean == 0 ? 0 : mutualInformation() / mean;
  }

  /** AMI; 1 when both partitions are a single block or equal up to renaming. */
  double ami() {
    double hu = entropy(labelSizes, n);
    double hv = entropy(clusterSizes, n);
    if (hu == 0 && hv == 0) {
      return 1;
    }
    double mi = mutualInformation();
    double emi = expectedMutualInformation();
    double denominator = (hu + hv) / 2 - emi;
    // scikit-learn keeps the denominator away from 0 by the float epsilon, with its sign.
    double eps = Math.ulp(1.0);
    denominator = denominator < 0 ? Math.min(denominator, -eps) : Math.max(denominator, eps);
    return (mi - emi) / denominator;
  }

  /** E[I] over random labelings with these marginals (Vinh, Epps and Bailey 2010). */
  double expectedMutualInformation() {
    double[] logFactorial = new double[n + 1];
    for (int i = 2; i <= n; i++) {
      logFactorial[i] = logFactorial[i - 1] + Math.log(i);
    }
    double emi = 0;
    for (int a : labelSizes) {
      if (a == 0) {
        continue;
      }
      for (int b : clusterSizes) {
        if (b == 0) {
          continue;
        }
        double fixed = logFactorial[a] + logFactorial[b] + logFactorial[n - a] + logFactorial[n - b]
            - logFactorial[n];
        for (int nij = Math.max(1, a + b - n); nij <= Math.min(a, b); nij++) {
          double logP = fixed - logFactorial[nij] - logFactorial[a - nij] - logFactorial[b - nij]
              - logFactorial[n - a - b + nij];
          emi += (double) nij / n * Math.log((double) n * nij / ((double) a * b)) * Math.exp(logP);
        }
      }
    }
    return emi;
  }

  private static int max(int[] values) {
    int m = -1;
    for (int v : values) {
      if (v < 0) {
        throw new IllegalArgumentException("labels and clusters must be at least 0, got " + v);
      }
      m = Math.max(m, v);
    }
    return m;
  }
}
