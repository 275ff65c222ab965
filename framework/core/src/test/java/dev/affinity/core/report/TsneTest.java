package dev.affinity.core.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TsneTest {
  private static final int PER_CLASS = 40;

  @Test
  void twoWellSeparatedBlobsStaySeparatedInThePlane() {
    int[] labels = new int[2 * PER_CLASS];
    float[][] points = SweepFixture.blobs(PER_CLASS, 10, 42, labels);

    double[][] xy = new Tsne(7).embed(points);

    assertThat(xy).hasDimensions(2 * PER_CLASS, 2);
    // Nearest-centroid classification in 2-D must get every point right.
    double[][] centroids = new double[2][2];
    for (int i = 0; i < xy.length; i++) {
      int c = labels[i] == 3 ? 0 : 1;
      centroids[c][0] += xy[i][0] / PER_CLASS;
      centroids[c][1] += xy[i][1] / PER_CLASS;
    }
    int correct = 0;
    for (int i = 0; i < xy.length; i++) {
      double to0 = Math.hypot(xy[i][0] - centroids[0][0], xy[i][1] - centroids[0][1]);
      double to1 = Math.hypot(xy[i][0] - centroids[1][0], xy[i][1] - centroids[1][1]);
      if ((to0 < to1) == (labels[i] == 3)) {
        correct++;
      }
    }
    assertThat(correct).isEqualTo(2 * PER_CLASS);
    // And the clusters are far apart compared with their spread: the gap between centroids exceeds
    // the largest distance of any point to its own centroid.
    double gap = Math.hypot(centroids[0][0] - centroids[1][0], centroids[0][1] - centroids[1][1]);
    double spread = 0;
    for (int i = 0; i < xy.length; i++) {
      double[] own = centroids[labels[i] == 3 ? 0 : 1];
      spread = Math.max(spread, Math.hypot(xy[i][0] - own[0], xy[i][1] - own[1]));
    }
    assertThat(gap).isGreaterThan(spread);
  }

  @Test
  void sameSeedGivesTheSameLayoutAndAnotherSeedAnother() {
    int[] labels = new int[2 * PER_CLASS];
    float[][] points = SweepFixture.blobs(PER_CLASS, 10, 42, labels);

    double[][] first = new Tsne(30, 300, 7).embed(points);
    double[][] again = new Tsne(30, 300, 7).embed(points);
    double[][] other = new Tsne(30, 300, 8).embed(points);

    assertThat(again).isDeepEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void subsampleIsDeterministicSortedAndWithoutRepeats() {
    int[] chosen = Tsne.subsample(5000, 1000, 0);

    assertThat(chosen).hasSize(1000).isSorted().doesNotHaveDuplicates();
    assertThat(Tsne.subsample(5000, 1000, 0)).isEqualTo(chosen);
    assertThat(Tsne.subsample(10, 1000, 0)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> new Tsne(0, 100, 1))
        .hasMessage("perplexity must be positive, was 0.0");
    assertThatThrownBy(() -> new Tsne(30, 0, 1)).hasMessage("iterations must be at least 1, was 0");
    assertThatThrownBy(() -> new Tsne(1).embed(new float[][] {{1f}}))
        .hasMessage("points must hold at least 2 rows, was 1");
  }
}
