package dev.affinity.plugins.metric;

import ai.djl.ndarray.NDArray;
import dev.affinity.spi.metric.RetrievalResult;

/** A retrieval result written out by hand. */
record FixedResult(int[] queryLabels, int[] relevantCounts, int[][] neighbourLabels, NDArray queryEmbeddings,
    long seed) implements RetrievalResult {

  FixedResult(int[] queryLabels, int[] relevantCounts, int[][] neighbourLabels) {
    this(queryLabels, relevantCounts, neighbourLabels, null, 0);
  }

  @Override
  public int queryCount() {
    return queryLabels.length;
  }

  @Override
  public int neighbourCount() {
    return neighbourLabels.length == 0 ? 0 : neighbourLabels[0].length;
  }
}
