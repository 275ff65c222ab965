package dev.affinity.spi.metric;

import ai.djl.ndarray.NDArray;
import dev.affinity.spi.Api;

/**
 * What an evaluation found: for every query its nearest references, ranked.
 *
 * <p>The core computes exact nearest neighbours once, for the largest count any metric needs, and hands
 * the same result to every metric. Queries are the evaluation samples; references are the queries
 * themselves (each query excluded by its index, not by assuming it ranks first) or a separate gallery.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public interface RetrievalResult {

  /** The number of queries, Q. */
  int queryCount();

  /** The label of each query, length Q. Do not modify. */
  int[] queryLabels();

  /**
   * For each query, how many references share its label, the query itself not counted: R in R-precision
   * and MAP@R. A query with 0 has no match anywhere and the community's metrics skip it. Length Q.
   */
  int[] relevantCounts();

  /**
   * For each query, the labels of its nearest references, nearest first; equal distances are ordered by
   * reference index. Each row has {@link #neighbourCount()} entries. Do not modify.
   */
  int[][] neighbourLabels();

  /** How many neighbours each row of {@link #neighbourLabels()} holds. */
  int neighbourCount();

  /**
   * The query embeddings, float (Q, d), L2-normalized, on the evaluation's device; for metrics that
   * cluster rather than rank. Owned by the core: do not close it.
   */
  NDArray queryEmbeddings();

  /** The seed for any randomness a metric needs (k-means restarts, say). */
  long seed();
}
