package dev.affinity.plugins.metric;

import dev.affinity.spi.metric.Metric;
import dev.affinity.spi.metric.RetrievalMetric;
import dev.affinity.spi.metric.RetrievalResult;
import java.util.Map;

/**
 * Precision@1: the share of queries whose nearest neighbour has their label (equal to Recall@1). Queries
 * whose label has no other member are skipped. Key {@code precision_at_1}.
 */
@Metric(name = "precision_at_1", description = "share of queries whose nearest neighbour has their label")
public final class PrecisionAt1 implements RetrievalMetric {

  @Override
  public int neighboursNeeded(int maxRelevant) {
    return 1;
  }

  @Override
  public Map<String, Double> compute(RetrievalResult result) {
    int[] labels = result.queryLabels();
    int[] relevant = result.relevantCounts();
    int[][] neighbours = result.neighbourLabels();
    int hits = 0;
    int counted = 0;
    for (int i = 0; i < labels.length; i++) {
      if (relevant[i] > 0) {
        counted++;
        if (result.neighbourCount() > 0 && neighbours[i][0] == labels[i]) {
          hits++;
        }
      }
    }
    return Map.of("precision_at_1", Ranking.share(hits, counted));
  }
}
