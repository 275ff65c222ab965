package dev.affinity.core.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.affinity.core.evaluation.NearestNeighbours.Distance;
import dev.affinity.spi.metric.Metric;
import dev.affinity.spi.metric.RetrievalMetric;
import dev.affinity.spi.metric.RetrievalResult;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs retrieval metrics over embeddings: finds every query's nearest references once, for the largest
 * count any metric needs, and hands that one {@link RetrievalResult} to each metric.
 *
 * <p>Two modes, as the community evaluates:
 *
 * <ul>
 *   <li>{@link #evaluate(NDArray, int[])}: the queries are the references (CUB, Cars, SOP); each query is
 *       excluded from its own neighbours by index;
 *   <li>{@link #evaluate(NDArray, int[], NDArray, int[])}: queries against a separate gallery (In-Shop);
 *       a query's hits are gallery items only.
 * </ul>
 *
 * <p>Embeddings are L2-normalized first (unless {@link Builder#normalize} is off), then ranked by
 * {@link Distance#EUCLIDEAN} by default. The returned map holds each metric's keys in the order of the
 * metric list, then in the order the metric returned them; two metrics returning one key is an
 * {@link EvaluationException} naming both.
 *
 * <pre>{@code
 * Map<String, Double> scores = Evaluator.builder().metrics(List.of(new RecallAtK(), new MapAtR()))
 *     .build().evaluate(embeddings, labels);
 * }</pre>
 */
public final class Evaluator {

  private final List<RetrievalMetric> metrics;
  private final Distance distance;
  private final boolean normalize;
  private final int chunkSize;
  private final long seed;

  private Evaluator(Builder builder) {
    this.metrics = List.copyOf(builder.metrics);
    this.distance = builder.distance;
    this.normalize = builder.normalize;
    this.chunkSize = builder.chunkSize;
    this.seed = builder.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Evaluates with the queries as their own references, each query excluded by its index.
   *
   * @param embeddings float (N, d), never null; not modified or closed
   * @param labels length N, never null
   * @return the metrics' values by key, in order
   */
  public Map<String, Double> evaluate(NDArray embeddings, int[] labels) {
    return run(embeddings, labels, null, null);
  }

  /**
   * Evaluates queries against a separate gallery.
   *
   * @param queries float (Q, d), never null
   * @param queryLabels length Q, never null
   * @param gallery float (G, d) on the same device, never null
   * @param galleryLabels length G, never null
   * @return the metrics' values by key, in order
   */
  public Map<String, Double> evaluate(
      NDArray queries, int[] queryLabels, NDArray gallery, int[] galleryLabels) {
    return run(queries, queryLabels, Objects.requireNonNull(gallery, "gallery is null"),
        Objects.requireNonNull(galleryLabels, "galleryLabels is null"));
  }

  /** {@link #evaluate(NDArray, int[])} for embeddings held in Java arrays; computes on the CPU. */
  public Map<String, Double> evaluate(float[][] embeddings, int[] labels) {
    try (NDManager manager = NDManager.newBaseManager()) {
      return evaluate(toArray(manager, embeddings), labels);
    }
  }

  private Map<String, Double> run(NDArray queries, int[] queryLabels, NDArray gallery, int[] galleryLabels) {
    Objects.requireNonNull(queries, "embeddings is null");
    Objects.requireNonNull(queryLabels, "labels is null");
    checkRows(queries, queryLabels, "embeddings");
    if (gallery != null) {
      checkRows(gallery, galleryLabels, "gallery");
    }
    try (NDManager scope = queries.getManager().newSubManager()) {
      NDArray q = prepare(queries, scope);
      NDArray g = gallery == null ? q : prepare(gallery, scope);
      int[] relevant = relevantCounts(queryLabels, gallery == null ? queryLabels : galleryLabels,
          gallery == null);
      int maxRelevant = 0;
      for (int r : relevant) {
        maxRelevant = Math.max(maxRelevant, r);
      }
      int k = 0;
      for (RetrievalMetric metric : metrics) {
        k = Math.max(k, metric.neighboursNeeded(maxRelevant));
      }
      int[][] neighbours = new NearestNeighbours(distance, chunkSize).search(q, g, k, gallery == null);
      int[] referenceLabels = gallery == null ? queryLabels : galleryLabels;
      for (int[] row : neighbours) {
        for (int j = 0; j < row.length; j++) {
          row[j] = referenceLabels[row[j]];
        }
      }
      int count = neighbours.length == 0 ? 0 : neighbours[0].length;
      Result result = new Result(queryLabels.clone(), relevant, neighbours, count, q, seed);
      return collect(result);
    }
  }

  private Map<String, Double> collect(RetrievalResult result) {
    Map<String, Double> values = new LinkedHashMap<>();
    Map<String, String> owner = new HashMap<>();
    for (RetrievalMetric metric : metrics) {
      String name = nameOf(metric);
      for (Map.Entry<String, Double> e : metric.compute(result).entrySet()) {
        String previous = owner.putIfAbsent(e.getKey(), name);
        if (previous != null) {
          throw new EvaluationException(
              "metrics '" + previous + "' and '" + name + "' both return '" + e.getKey() + "'");
        }
        values.put(e.getKey(), e.getValue());
      }
    }
    return values;
  }

  private static String nameOf(RetrievalMetric metric) {
    Metric marker = metric.getClass().getAnnotation(Metric.class);
    return marker != null ? marker.name() : metric.getClass().getName();
  }

  private NDArray prepare(NDArray embeddings, NDManager scope) {
    NDArray x = embeddings.toType(DataType.FLOAT32, true);
    x.attach(scope);
    if (normalize) {
      // A zero row stays zero rather than turning into NaN.
      x = x.div(x.norm(new int[] {1}, true).maximum(1e-12f));
    }
    return x;
  }

  /** R per query: references sharing its label, the query itself not counted when it is a reference. */
  static int[] relevantCounts(int[] queryLabels, int[] referenceLabels, boolean selfIncluded) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int label : referenceLabels) {
      counts.merge(label, 1, Integer::sum);
    }
    int[] relevant = new int[queryLabels.length];
    for (int i = 0; i < queryLabels.length; i++) {
      relevant[i] = counts.getOrDefault(queryLabels[i], 0) - (selfIncluded ? 1 : 0);
    }
    return relevant;
  }

  private static void checkRows(NDArray embeddings, int[] labels, String what) {
    Shape shape = embeddings.getShape();
    if (shape.dimension() != 2) {
      throw new IllegalArgumentException(what + " must be (N, d), got " + shape);
    }
    if (shape.get(0) != labels.length) {
      throw new IllegalArgumentException(
          what + " has " + shape.get(0) + " rows but " + labels.length + " labels");
    }
  }

  private static NDArray toArray(NDManager manager, float[][] rows) {
    int d = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) {
        throw new IllegalArgumentException(
            "embedding rows must have one length: row 0 has " + d + ", row " + i + " has " + rows[i].length);
      }
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    return manager.create(flat, new Shape(rows.length, d));
  }

  /** Options of an {@link Evaluator}; every one has a default. */
  public static final class Builder {
    private List<RetrievalMetric> metrics = List.of();
    private Distance distance = Distance.EUCLIDEAN;
    private boolean normalize = true;
    private int chunkSize;
    private long seed;

    private Builder() {}

    /** The metrics, in the order their keys are reported; never null. */
    public Builder metrics(List<? extends RetrievalMetric> metrics) {
      this.metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics is null"));
      return this;
    }

    /** The ranking distance; {@link Distance#EUCLIDEAN} by default. */
    public Builder distance(Distance distance) {
      this.distance = Objects.requireNonNull(distance, "distance is null");
      return this;
    }

    /** Whether embeddings are L2-normalized before ranking and clustering; true by default. */
    public Builder normalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    /** Queries per nearest-neighbour chunk; 0 (the default) bounds each distance block to about 16 MiB. */
    public Builder chunkSize(int chunkSize) {
      if (chunkSize < 0) {
        throw new IllegalArgumentException("chunk_size must be at least 0, was " + chunkSize);
      }
      this.chunkSize = chunkSize;
      return this;
    }

    /** The seed handed to metrics through {@link RetrievalResult#seed()}; 0 by default. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Evaluator build() {
      return new Evaluator(this);
    }
  }

  private record Result(
      int[] queryLabels, int[] relevantCounts, int[][] neighbourLabels, int neighbourCount,
      NDArray queryEmbeddings, long seed) implements RetrievalResult {

    @Override
    public int queryCount() {
      return queryLabels.length;
    }
  }
}
