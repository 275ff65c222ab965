package dev.affinity.plugins.metric;

import dev.affinity.spi.metric.Metric;
import dev.affinity.spi.metric.RetrievalMetric;
import dev.affinity.spi.metric.RetrievalResult;
import java.util.Map;

/**
 * MAP@R ("A Metric Learning Reality Check"): for a query with R same-label references,
 * {@code (1/R) sum_{i=1..R} P(i) * rel(i)}, where rel(i) is 1 when the i-th neighbour has the query's label
 * and P(i) is the precision of the first i neighbours; averaged over queries, those with R = 0 skipped. Key
 * {@code map_at_r}.
 */
@Metric(name = "map_at_r", description = "mean average precision over the R nearest, R the same-label count")
public final class MapAtR implements RetrievalMetric {

  @Override
  public int neighboursNeeded(int maxRelevant) {
    return maxRelevant;
  }

  @Override
  public Map<String, Double> compute(RetrievalResult result) {
    return Map.of("map_at_r", Ranking.meanOverR(result, (label, r, neighbours, cut) -> {
      int hits = 0;
      double precisions = 0;
      for (int j = 0; j < cut; j++) {
        if (neighbours[j] == label) {
          hits++;
          precisions += (double) hits / (j + 1);
        }
      }
      return precisions / r;
    }));
  }
}
