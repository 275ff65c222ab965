package dev.affinity.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.affinity.core.evaluation.NearestNeighbours.Distance;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void equalDistancesRankTheLowerReferenceIndexFirstWhateverTheChunkSize() {
    // On a line: 0, 1, -1, 1, 2. From x0 = 0, references 1, 2 and 3 tie at distance 1 (4 is at 2).
    // From x1 = 1: 3 at 0, then 0 and 4 tie at 1, then 2 at 2.
    NDArray x = manager.create(new float[] {0, 1, -1, 1, 2}, new Shape(5, 1));
    for (int chunk : new int[] {1, 2, 3, 0}) {
      NearestNeighbours nn = new NearestNeighbours(Distance.EUCLIDEAN, chunk);

      int[][] two = nn.search(x, x, 2, true);
      int[][] three = nn.search(x, x, 3, true);

      assertThat(two[0]).as("chunk %d", chunk).containsExactly(1, 2);
      assertThat(three[0]).as("chunk %d", chunk).containsExactly(1, 2, 3);
      assertThat(two[1]).as("chunk %d", chunk).containsExactly(3, 0);
      assertThat(three[1]).as("chunk %d", chunk).containsExactly(3, 0, 4);
    }
  }

  @Test
  void identicalEmbeddingsYieldReferencesInIndexOrderSkippingTheQueryItself() {
    NDArray x = manager.ones(new Shape(6, 4));

    int[][] nn = new NearestNeighbours(Distance.EUCLIDEAN, 4).search(x, x, 3, true);

    assertThat(nn).isDeepEqualTo(new int[][] {
        {1, 2, 3}, {0, 2, 3}, {0, 1, 3}, {0, 1, 2}, {0, 1, 2}, {0, 1, 2}});
  }

  @Test
  void chunkedSearchEqualsAnUnchunkedOneAndABruteForceRanking() {
    Random random = new Random(3);
    int n = 37;
    int d = 8;
    float[] values = new float[n * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    NDArray x = manager.create(values, new Shape(n, d));
    int[][] whole = new NearestNeighbours(Distance.EUCLIDEAN, n).search(x, x, 5, true);

    for (int chunk : new int[] {1, 5, 36, 0}) {
      assertThat(new NearestNeighbours(Distance.EUCLIDEAN, chunk).search(x, x, 5, true))
          .as("chunk %d", chunk).isDeepEqualTo(whole);
    }
    for (int i = 0; i < n; i++) {
      assertThat(whole[i]).containsExactly(bruteForce(values, d, i, 5));
    }
    assertThat(new NearestNeighbours(Distance.COSINE, 7).search(x, x, 5, true))
        .isDeepEqualTo(new NearestNeighbours(Distance.COSINE, n).search(x, x, 5, true));
  }

  @Test
  void aGalleryIsSearchedWithoutExclusionAndKIsCappedByItsSize() {
    NDArray queries = manager.create(new float[] {0, 3}, new Shape(2, 1));
    NDArray gallery = manager.create(new float[] {3, 0, 1}, new Shape(3, 1));

    int[][] nn = new NearestNeighbours(Distance.EUCLIDEAN, 1).search(queries, gallery, 10, false);

    assertThat(nn).isDeepEqualTo(new int[][] {{1, 2, 0}, {0, 2, 1}});
  }

  private static int[] bruteForce(float[] x, int d, int query, int k) {
    double[] dist = new double[x.length / d];
    for (int j = 0; j < dist.length; j++) {
      double s = 0;
      for (int c = 0; c < d; c++) {
        double diff = (double) x[query * d + c] - x[j * d + c];
        s += diff * diff;
      }
      dist[j] = s;
    }
    return IntStream.range(0, dist.length).filter(j -> j != query).boxed()
        .sorted(Comparator.<Integer>comparingDouble(j -> dist[j]).thenComparing(j -> j))
        .limit(k).mapToInt(Integer::intValue).toArray();
  }
}
