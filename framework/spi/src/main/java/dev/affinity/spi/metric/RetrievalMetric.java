package dev.affinity.spi.metric;

import dev.affinity.spi.Api;
import java.util.Map;

/**
 * Numbers computed from an evaluation, such as Recall@K or NMI.
 *
 * <p>The keys a metric returns are what {@code metrics.json} and {@code affinity evaluate} print, so they
 * are snake case and stable ({@code recall_at_1}, {@code map_at_r}). Two metrics of one run returning the
 * same key is an error.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public interface RetrievalMetric {

  /**
   * How many nearest neighbours per query this metric reads.
   *
   * @param maxRelevant the largest {@link RetrievalResult#relevantCounts()} of any query
   * @return at least 0; the default, 0, suits metrics that do not rank
   */
  default int neighboursNeeded(int maxRelevant) {
    return 0;
  }

  /**
   * Computes this metric's values.
   *
   * @param result the evaluation, never null; {@link RetrievalResult#neighbourCount()} is at least what
   *     {@link #neighboursNeeded} asked for, or every reference when there are fewer
   * @return the values by key, in the order they should be printed, never null
   */
  Map<String, Double> compute(RetrievalResult result);
}
