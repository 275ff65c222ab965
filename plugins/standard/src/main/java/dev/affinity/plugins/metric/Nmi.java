package dev.affinity.plugins.metric;

import dev.affinity.spi.metric.Metric;
import dev.affinity.spi.metric.RetrievalMetric;
import dev.affinity.spi.metric.RetrievalResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * NMI: the query embeddings clustered by k-means with K = the number of query classes, compared with the
 * labels by normalized mutual information (arithmetic-mean normalization, scikit-learn's default). Key
 * {@code nmi}, and {@code ami} (adjusted mutual information) when {@link Settings#ami} is on.
 *
 * <p>k-means runs on the embeddings' device; the restart with the lowest inertia wins; the seed is the
 * evaluation's. Every query counts, lone labels included.
 */
@Metric(name = "nmi", description = "normalized mutual information of k-means clusters (K = classes) and labels")
public final class Nmi implements RetrievalMetric {

  /** How k-means starts its centres. */
  public enum Init {
    /** Greedy k-means++ (scikit-learn's). */
    KMEANS_PLUS_PLUS,
    /** K distinct points drawn uniformly (faiss's, which pytorch-metric-learning uses). */
    RANDOM
  }

  /**
   * @param init how centres start; k-means++ by default
   * @param restarts runs from different starts, the lowest inertia kept; at least 1, default 3
   * @param maxIterations Lloyd iterations per run at most; at least 1, default 100
   * @param tolerance stop when the centres' total squared shift falls to this times the mean feature
   *     variance (scikit-learn's rule); at least 0, default 1e-4
   * @param ami whether to report {@code ami} too; default false
   */
  public record Settings(Init init, int restarts, int maxIterations, double tolerance, boolean ami) {
    public Settings {
      Objects.requireNonNull(init, "init is null");
      if (restarts < 1) {
        throw new IllegalArgumentException("restarts must be at least 1, was " + restarts);
      }
      if (maxIterations < 1) {
        throw new IllegalArgumentException("max_iterations must be at least 1, was " + maxIterations);
      }
      if (!(tolerance >= 0)) {
        throw new IllegalArgumentException("tolerance must be at least 0, was " + tolerance);
      }
    }

    public Settings() {
      this(Init.KMEANS_PLUS_PLUS, 3, 100, 1e-4, false);
    }
  }

  private final Settings settings;

  public Nmi(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  public Map<String, Double> compute(RetrievalResult result) {
    int[] labels = dense(result.queryLabels());
    int classes = Arrays.stream(labels).max().orElse(-1) + 1;
    int[] clusters = new KMeans(classes, settings.init(), settings.restarts(), settings.maxIterations(),
        settings.tolerance()).fit(result.queryEmbeddings(), result.seed());
    ClusterAgreement agreement = new ClusterAgreement(labels, clusters);
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("nmi", agreement.nmi());
    if (settings.ami()) {
      values.put("ami", agreement.ami());
    }
    return values;
  }

  /** Renumbers labels 0 to L - 1 in order of first appearance. */
  private static int[] dense(int[] labels) {
    Map<Integer, Integer> ids = new java.util.HashMap<>();
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = ids.computeIfAbsent(labels[i], l -> ids.size());
    }
    return out;
  }
}
