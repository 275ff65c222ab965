package dev.affinity.core.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Objects;

/**
 * Exact k nearest neighbours, computed on the arrays' device in chunks of queries so that no Q x N matrix
 * is ever formed: each chunk of m queries holds an m x N distance block, keeps its k smallest entries and
 * releases the block.
 *
 * <p>Distances are computed in float64, and the k neighbours of a query are ordered by (distance, reference
 * index): equal distances rank the lower index first. Where equal distances straddle the k-th place, the
 * tied candidates are gathered from the block and the lowest indices win, so the result does not depend on
 * how the engine's {@code topK} orders ties, nor on the chunk size.
 *
 * <pre>{@code
 * int[][] nn = new NearestNeighbours(Distance.EUCLIDEAN, 0).search(embeddings, embeddings, 8, true);
 * }</pre>
 */
public final class NearestNeighbours {

  /** How far apart two embeddings are. */
  public enum Distance {
    /** {@code ||q - r||}, ranked by its square {@code ||q||^2 + ||r||^2 - 2 q.r}. */
    EUCLIDEAN,
    /** {@code 1 - q.r / (||q|| ||r||)}; ranks like Euclidean when both are L2-normalized. */
    COSINE
  }

  /** Distance blocks hold about this many float64 entries (128 MiB) unless a chunk size is given. */
  private static final long BLOCK_ENTRIES = 16L << 20;

  private final Distance distance;
  private final int chunkSize;

  /**
   * @param distance the distance, never null
   * @param chunkSize queries per chunk; 0 picks one that bounds a distance block to about 128 MiB
   */
  public NearestNeighbours(Distance distance, int chunkSize) {
    this.distance = Objects.requireNonNull(distance, "distance is null");
    if (chunkSize < 0) {
      throw new IllegalArgumentException("chunk_size must be at least 0, was " + chunkSize);
    }
    this.chunkSize = chunkSize;
  }

  /**
   * Finds each query's nearest references.
   *
   * @param queries float (Q, d), never null
   * @param references float (N, d) on the same device, never null; with {@code excludeSelf} the same
   *     rows as {@code queries}, in the same order
   * @param k neighbours wanted per query, at least 0; fewer are returned when fewer references exist
   * @param excludeSelf whether query i must not find reference i
   * @return (Q, min(k, N - (excludeSelf ? 1 : 0))) reference indices, nearest first, ties by lower index
   */
  public int[][] search(NDArray queries, NDArray references, int k, boolean excludeSelf) {
    int q = Math.toIntExact(queries.getShape().get(0));
    int n = Math.toIntExact(references.getShape().get(0));
    if (queries.getShape().dimension() != 2 || references.getShape().dimension() != 2
        || queries.getShape().get(1) != references.getShape().get(1)) {
      throw new IllegalArgumentException(
          "queries and references must be (Q, d) and (N, d), got " + queries.getShape() + " and "
              + references.getShape());
    }
    if (excludeSelf && q != n) {
      throw new IllegalArgumentException(
          "excluding each query from its own references needs as many references as queries, got "
              + q + " and " + n);
    }
    int kept = Math.max(0, Math.min(k, excludeSelf ? n - 1 : n));
    int[][] result = new int[q][];
    if (kept == 0) {
      Arrays.fill(result, new int[0]);
      return result;
    }
    int chunk = chunkSize > 0 ? chunkSize : (int) Math.max(1, Math.min(q, BLOCK_ENTRIES / n));
    try (NDManager scope = queries.getManager().newSubManager()) {
      NDArray refs = references.toType(DataType.FLOAT64, true);
      refs.attach(scope);
      if (distance == Distance.COSINE) {
        refs = refs.div(refs.norm(new int[] {1}, true));
      }
      NDArray refsT = refs.transpose();
      NDArray refNorms = refs.square().sum(new int[] {1}).expandDims(0);
      NDArray columns = scope.arange(0, n, 1, DataType.INT64).expandDims(0);
      for (int start = 0; start < q; start += chunk) {
        int end = Math.min(q, start + chunk);
        try (NDManager block = scope.newSubManager()) {
          NDArray part =
              queries.get(block, new NDIndex("{}:{}", start, end)).toType(DataType.FLOAT64, false);
          NDArray dist = distances(part, refsT, refNorms);
          if (excludeSelf) {
            NDArray rows = block.arange(start, end, 1, DataType.INT64).expandDims(1);
            NDArray others = rows.neq(columns);
            dist = NDArrays.where(others, dist, block.create(Double.POSITIVE_INFINITY));
          }
          selectChunk(dist, kept, start, result);
        }
      }
    }
    return result;
  }

  private NDArray distances(NDArray part, NDArray refsT, NDArray refNorms) {
    NDArray dot = part.matMul(refsT);
    if (distance == Distance.COSINE) {
      return part.norm(new int[] {1}, true).pow(-1).mul(dot).neg().add(1);
    }
    return part.square().sum(new int[] {1}, true).add(refNorms).sub(dot.mul(2));
  }

  /** Keeps the k smallest of each row of {@code dist} (m, N), ties at the boundary resolved by index. */
  private static void selectChunk(NDArray dist, int k, int start, int[][] result) {
    NDList top = dist.topK(k, 1, false, true);
    NDArray values = top.get(0);
    NDArray kth = values.get(new NDIndex(":, -1")).expandDims(1);
    long[] atMostKth = dist.lte(kth).sum(new int[] {1}).toType(DataType.INT64, false).toLongArray();
    double[] v = values.toDoubleArray();
    long[] idx = top.get(1).toType(DataType.INT64, false).toLongArray();
    int m = atMostKth.length;
    for (int r = 0; r < m; r++) {
      if (atMostKth[r] == k) {
        result[start + r] = sortByDistanceThenIndex(v, idx, r * k, k, k);
      } else {
        // More than k references lie within the k-th distance: topK chose among the tied ones arbitrarily.
        double[] row = dist.get(r).toDoubleArray();
        double limit = v[r * k + k - 1];
        int count = (int) atMostKth[r];
        double[] cv = new double[count];
        long[] ci = new long[count];
        int c = 0;
        for (int j = 0; j < row.length; j++) {
          if (row[j] <= limit) {
            cv[c] = row[j];
            ci[c++] = j;
          }
        }
        result[start + r] = sortByDistanceThenIndex(cv, ci, 0, c, k);
      }
    }
  }

  private static int[] sortByDistanceThenIndex(double[] v, long[] idx, int from, int count, int keep) {
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = from + i;
    }
    Arrays.sort(order, (a, b) -> {
      int byDistance = Double.compare(v[a], v[b]);
      return byDistance != 0 ? byDistance : Long.compare(idx[a], idx[b]);
    });
    int[] out = new int[keep];
    for (int i = 0; i < keep; i++) {
      out[i] = (int) idx[order[i]];
    }
    return out;
  }
}
