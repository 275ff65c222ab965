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
 * is ever formed: each chunk of m queries holds an m x N float32 distance block, keeps its few smallest
 * entries per row and releases the block.
 *
 * <p>Exact and deterministic: float32 distances only shortlist. A query's shortlist is every reference
 * whose float32 distance is within {@code 2e} of its k-th smallest, e a bound on float32 rounding error
 * (Higham: {@code |fl(q.r) - q.r| <= d u ||q|| ||r||}), so it holds the true k nearest; the shortlist is
 * then ranked on the host by distances recomputed in float64 in a fixed order, ties by lower reference
 * index. The result depends neither on the chunk size, nor on how the engine's {@code topK} orders ties,
 * nor on the device.
 *
 * <pre>{@code
 * int[][] nn = new NearestNeighbours(Distance.EUCLIDEAN, 0).search(embeddings, embeddings, 8, true);
 * }</pre>
 */
public final class NearestNeighbours {

  /** How far apart two embeddings are. */
  public enum Distance {
    /** {@code ||q - r||}. */
    EUCLIDEAN,
    /** {@code 1 - q.r / (||q|| ||r||)}; ranks like Euclidean when both are L2-normalized. */
    COSINE
  }

  /**
   * Distance blocks hold about this many float32 entries (16 MiB) unless a chunk size is given: large
   * enough for an efficient matrix product, small enough that the few block-sized temporaries stay well
   * under the process's other memory.
   */
  private static final long BLOCK_ENTRIES = 4L << 20;

  private final Distance distance;
  private final int chunkSize;

  /**
   * @param distance the distance, never null
   * @param chunkSize queries per chunk; 0 picks one that bounds a distance block to about 16 MiB
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
   * @param queries float (Q, d), never null; not modified or closed
   * @param references float (N, d) on the same device, never null; with {@code excludeSelf} the same
   *     rows as {@code queries}, in the same order
   * @param k neighbours wanted per query, at least 0; fewer are returned when fewer references exist
   * @param excludeSelf whether query i must not find reference i
   * @return (Q, min(k, N - (excludeSelf ? 1 : 0))) reference indices, nearest first, ties by lower index
   */
  public int[][] search(NDArray queries, NDArray references, int k, boolean excludeSelf) {
    if (queries.getShape().dimension() != 2 || references.getShape().dimension() != 2
        || queries.getShape().get(1) != references.getShape().get(1)) {
      throw new IllegalArgumentException(
          "queries and references must be (Q, d) and (N, d), got " + queries.getShape() + " and "
              + references.getShape());
    }
    int q = Math.toIntExact(queries.getShape().get(0));
    int n = Math.toIntExact(references.getShape().get(0));
    int d = Math.toIntExact(queries.getShape().get(1));
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
      NDArray refs = references.toType(DataType.FLOAT32, true);
      refs.attach(scope);
      if (distance == Distance.COSINE) {
        refs = refs.div(refs.norm(new int[] {1}, true).maximum(1e-12f));
      }
      // Without a gallery the queries are the references: one copy serves both.
      NDArray qs = refs;
      if (!excludeSelf) {
        qs = queries.toType(DataType.FLOAT32, true);
        qs.attach(scope);
        if (distance == Distance.COSINE) {
          qs = qs.div(qs.norm(new int[] {1}, true).maximum(1e-12f));
        }
      }
      Host host = new Host(qs.toFloatArray(), excludeSelf ? null : refs.toFloatArray(), d, distance);
      NDArray refsT = refs.transpose();
      NDArray refNorms = refs.square().sum(new int[] {1}).expandDims(0);
      double maxRefNorm = refNorms.max().getFloat();
      // Higham's gamma_d, doubled for the three terms of ||q||^2 + ||r||^2 - 2 q.r, and a little slack.
      double gamma = 1.25 * (d + 2) * Math.ulp(1.0f) / 2;
      NDArray columns = scope.arange(0, n, 1, DataType.INT32).expandDims(0);
      for (int start = 0; start < q; start += chunk) {
        int end = Math.min(q, start + chunk);
        try (NDManager block = scope.newSubManager()) {
          NDArray part = qs.get(block, new NDIndex("{}:{}", start, end));
          NDArray partNorms = part.square().sum(new int[] {1}, true);
          NDArray dist = part.matMul(refsT).muli(-2).addi(partNorms).addi(refNorms);
          if (excludeSelf) {
            NDArray rows = block.arange(start, end, 1, DataType.INT32).expandDims(1);
            dist = NDArrays.where(rows.neq(columns), dist, block.create(Float.POSITIVE_INFINITY));
          }
          NDArray kth = dist.topK(kept, 1, false, false).get(0).max(new int[] {1}, true);
          // Each distance is off by at most e = 2 gamma (||q||^2 + max ||r||^2); the true k nearest lie
          // within 2e of the float32 k-th.
          NDArray limit = kth.add(partNorms.add(maxRefNorm).mul(4 * gamma)).add(1e-30f);
          long[] counts = dist.lte(limit).sum(new int[] {1}).toType(DataType.INT64, false).toLongArray();
          int widest = (int) Arrays.stream(counts).max().orElse(kept);
          NDList shortlist = dist.topK(widest, 1, false, false);
          float[] values = shortlist.get(0).toFloatArray();
          long[] indices = shortlist.get(1).toType(DataType.INT64, false).toLongArray();
          float[] limits = limit.toFloatArray();
          for (int r = 0; r < end - start; r++) {
            result[start + r] = host.rank(start + r, values, indices, r * widest, widest, limits[r], kept);
          }
        }
      }
    }
    return result;
  }

  /** The embeddings on the host, for exact float64 distances over a shortlist. */
  private record Host(float[] queries, float[] references, int d, Distance distance) {

    int[] rank(int query, float[] values, long[] indices, int from, int count, float limit, int keep) {
      float[] refs = references != null ? references : queries;
      long[] candidates = new long[count];
      double[] exact = new double[count];
      int c = 0;
      for (int i = from; i < from + count; i++) {
        if (values[i] <= limit) {
          int j = (int) indices[i];
          candidates[c] = j;
          exact[c++] = distance == Distance.COSINE
              ? 1 - dot(queries, query, refs, j)
              : squaredEuclidean(queries, query, refs, j);
        }
      }
      return sortByDistanceThenIndex(exact, candidates, c, keep);
    }

    private double dot(float[] a, int i, float[] b, int j) {
      double s = 0;
      for (int t = 0; t < d; t++) {
        s += (double) a[i * d + t] * b[j * d + t];
      }
      return s;
    }

    private double squaredEuclidean(float[] a, int i, float[] b, int j) {
      double s = 0;
      for (int t = 0; t < d; t++) {
        double diff = (double) a[i * d + t] - b[j * d + t];
        s += diff * diff;
      }
      return s;
    }
  }

  private static int[] sortByDistanceThenIndex(double[] v, long[] idx, int count, int keep) {
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
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
