package dev.affinity.plugins.metric;

import dev.affinity.spi.metric.RetrievalResult;

/** Shared pieces of the ranking metrics. */
final class Ranking {

  private Ranking() {}

  /** A query's score from its label, its R, and its ranked neighbours' labels (at least R of them). */
  @FunctionalInterface
  interface QueryScore {
    double score(int label, int relevant, int[] neighbours, int count);
  }

  /**
   * The mean of a per-query score over the R nearest neighbours, queries with R = 0 skipped (they have no
   * match anywhere); NaN when every query is skipped.
   */
  static double meanOverR(RetrievalResult result, QueryScore score) {
    int[] labels = result.queryLabels();
    int[] relevant = result.relevantCounts();
    int[][] neighbours = result.neighbourLabels();
    double sum = 0;
    int counted = 0;
    for (int i = 0; i < labels.length; i++) {
      if (relevant[i] == 0) {
        continue;
      }
      counted++;
      sum += score.score(labels[i], relevant[i], neighbours[i], Math.min(relevant[i], result.neighbourCount()));
    }
    return share(sum, counted);
  }

  /** {@code part / whole}, or NaN when no query counted: there is nothing to measure. */
  static double share(double part, int whole) {
    return whole == 0 ? Double.NaN : part / whole;
  }
}
