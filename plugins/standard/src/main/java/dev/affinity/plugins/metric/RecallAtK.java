package dev.affinity.plugins.metric;

import dev.affinity.spi.metric.Metric;
import dev.affinity.spi.metric.RetrievalMetric;
import dev.affinity.spi.metric.RetrievalResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Recall@K: the share of queries with at least one same-label item among their K nearest neighbours.
 * Queries whose label has no other member are skipped. Keys {@code recall_at_1}, {@code recall_at_2}, ...
 * in the order of {@link Settings#k}.
 */
@Metric(name = "recall_at_k", description = "share of queries with a same-label item among the K nearest")
public final class RecallAtK implements RetrievalMetric {

  /** @param k the cut-offs, at least one, each at least 1, no repeats; default 1, 2, 4, 8 */
  public record Settings(List<Integer> k) {
    public Settings {
      Objects.requireNonNull(k, "k is null");
      if (k.isEmpty()) {
        throw new IllegalArgumentException("k must list at least one cut-off");
      }
      for (Integer cut : k) {
        if (cut == null || cut < 1) {
          throw new IllegalArgumentException("k must hold values of at least 1, got " + k);
        }
      }
      if (k.stream().distinct().count() != k.size()) {
        throw new IllegalArgumentException("k must not repeat a value, got " + k);
      }
      k = List.copyOf(k);
    }

    public Settings() {
      this(List.of(1, 2, 4, 8));
    }
  }

  private final Settings settings;

  public RecallAtK(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  public int neighboursNeeded(int maxRelevant) {
    return settings.k().stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  @Override
  public Map<String, Double> compute(RetrievalResult result) {
    int[] labels = result.queryLabels();
    int[] relevant = result.relevantCounts();
    int[][] neighbours = result.neighbourLabels();
    Map<String, Double> values = new LinkedHashMap<>();
    for (int k : settings.k()) {
      int cut = Math.min(k, result.neighbourCount());
      int hits = 0;
      int counted = 0;
      for (int i = 0; i < labels.length; i++) {
        if (relevant[i] == 0) {
          continue;
        }
        counted++;
        for (int j = 0; j < cut; j++) {
          if (neighbours[i][j] == labels[i]) {
            hits++;
            break;
          }
        }
      }
      values.put("recall_at_" + k, Ranking.share(hits, counted));
    }
    return values;
  }
}
