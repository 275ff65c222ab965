package dev.affinity.plugins.metric;

import dev.affinity.spi.metric.Metric;
import dev.affinity.spi.metric.RetrievalMetric;
import dev.affinity.spi.metric.RetrievalResult;
import java.util.Map;

/**
 * R-precision ("A Metric Learning Reality Check"): for a query with R same-label references, the share of
 * its R nearest neighbours that have its label; averaged over queries, those with R = 0 skipped. Key
 * {@code r_precision}.
 */
@Metric(name = "r_precision", description = "Share of same-label items among the R nearest, R the same-label count.")
public final class RPrecision implements RetrievalMetric {

  @Override
  public int neighboursNeeded(int maxRelevant) {
    return maxRelevant;
  }

  @Override
  public Map<String, Double> compute(RetrievalResult result) {
    int[] labels = result.queryLabels();
    int[] relevant = result.relevantCounts();
    int[][] neighbours = result.neighbourLabels();
    double sum = 0;
    int counted = 0;
    for (int i = 0; i < labels.length; i++) {
      int r = relevant[i];
      if (r == 0) {
        continue;
      }
      counted++;
      int hits = 0;
      int cut = Math.min(r, result.neighbourCount());
      for (int j = 0; j < cut; j++) {
        if (neighbours[i][j] == labels[i]) {
          hits++;
        }
      }
      sum += (double) hits / r;
    }
    return Map.of("r_precision", Ranking.share(sum, counted));
  }
}
