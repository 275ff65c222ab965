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
@Metric(name = "r_precision", description = "share of same-label items among the R nearest, R the same-label count")
public final class RPrecision implements RetrievalMetric {

  @Override
  public int neighboursNeeded(int maxRelevant) {
    return maxRelevant;
  }

  @Override
  public Map<String, Double> compute(RetrievalResult result) {
    return Map.of("r_precision", Ranking.meanOverR(result, (label, r, neighbours, cut) -> {
      int hits = 0;
      for (int j = 0; j < cut; j++) {
        if (neighbours[j] == label) {
          hits++;
        }
      }
      return (double) hits / r;
    }));
  }
}
