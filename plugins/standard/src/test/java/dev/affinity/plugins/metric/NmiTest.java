package dev.affinity.plugins.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NmiTest {

  /*
   * Labels U = [0 0 1 1 2 2], clusters V = [0 0 0 1 1 2]; N = 6, label sizes 2 2 2, cluster sizes 3 2 1.
   * Cells (u, v): n: (0,0): 2, (1,0): 1, (1,1): 1, (2,1): 1, (2,2): 1.
   * I = 2/6 ln(6*2/(2*3)) + 1/6 ln(6/(2*3)) + 1/6 ln(6/(2*2)) + 1/6 ln(6/(2*2)) + 1/6 ln(6/(2*1))
   *   = 1/3 ln 2 + 0 + 1/3 ln 1.5 + 1/6 ln 3 = 1/2 ln 3
   * H(U) = ln 3; H(V) = 1/2 ln 2 + 1/3 ln 3 + 1/6 ln 6
   * NMI = I / ((H(U) + H(V)) / 2) = 0.520665...
   */
  private static final double LN2 = Math.log(2);
  private static final double LN3 = Math.log(3);
  private static final double EXPECTED_NMI =
      (LN3 / 2) / ((LN3 + LN2 / 2 + LN3 / 3 + Math.log(6) / 6) / 2);

  @Test
  void nmiOfAContingencyTableMatchesTheHandComputedValue() {
    ClusterAgreement agreement = new ClusterAgreement(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 0, 0, 1, 1, 2});

    assertThat(agreement.mutualInformation()).isCloseTo(LN3 / 2, within(1e-12));
    assertThat(agreement.nmi()).isCloseTo(EXPECTED_NMI, within(1e-12));
    assertThat(EXPECTED_NMI).isCloseTo(0.520665, within(1e-6));
  }

  @Test
  void amiIsOneForEqualPartitionsAndZeroForSingletons() {
    // Singletons: I = H(U) and, every cluster of size 1, E[I] = sum_i (a_i/N) ln(N/a_i) = H(U) too.
    assertThat(new ClusterAgreement(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0}).ami())
        .isCloseTo(1.0, within(1e-12));
    assertThat(new ClusterAgreement(new int[] {0, 0, 1, 1}, new int[] {0, 1, 2, 3}).ami())
        .isCloseTo(0.0, within(1e-12));
    assertThat(new ClusterAgreement(new int[] {0, 0, 1, 1}, new int[] {0, 1, 2, 3}).nmi())
        .isCloseTo(LN2 / ((LN2 + Math.log(4)) / 2), within(1e-12));
  }

  @Test
  void kMeansFindsTheObviousGroupsAndNmiComparesThemWithTheLabels() {
    // Three tight groups, {0,1,2} {3,4} {5}: k-means with K = 3 yields V above whatever the labels say.
    float[] points = {0, 0, 0, 0.01f, 0.01f, 0, 10, 0, 10, 0.01f, 0, 10};
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(points, new Shape(6, 2));
      FixedResult result = new FixedResult(new int[] {7, 7, 8, 8, 9, 9}, new int[] {1, 1, 1, 1, 1, 1},
          new int[6][0], x, 42);

      Map<String, Double> values = new Nmi(new Nmi.Settings(Nmi.Init.KMEANS_PLUS_PLUS, 3, 100, 1e-4, true))
          .compute(result);

      assertThat(values.keySet()).containsExactly("nmi", "ami");
      assertThat(values.get("nmi")).isCloseTo(EXPECTED_NMI, within(1e-12));
    }
  }

  @Test
  void clustersAreTheSameForTheSameSeedAndRandomInitAlsoSeparatesClearGroups() {
    float[] points = new float[40 * 3];
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 40; i++) {
      for (int j = 0; j < 3; j++) {
        points[i * 3 + j] = (i % 4 == j ? 5f : 0f) + (float) random.nextGaussian() * 0.1f;
      }
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(points, new Shape(40, 3));
      KMeans plusPlus = new KMeans(4, Nmi.Init.KMEANS_PLUS_PLUS, 2, 50, 1e-4);
      int[] first = plusPlus.fit(x, 3);

      assertThat(plusPlus.fit(x, 3)).containsExactly(first);
      int[] labels = new int[40];
      for (int i = 0; i < 40; i++) {
        labels[i] = i % 4;
      }
      assertThat(new ClusterAgreement(labels, first).nmi()).isCloseTo(1.0, within(1e-12));
      int[] random4 = new KMeans(4, Nmi.Init.RANDOM, 3, 50, 1e-4).fit(x, 3);
      assertThat(new ClusterAgreement(labels, random4).nmi()).isCloseTo(1.0, within(1e-12));
    }
  }

  @Test
  void settingsNameTheBadKey() {
    assertThatThrownBy(() -> new Nmi.Settings(Nmi.Init.RANDOM, 0, 10, 0, false))
        .hasMessage("restarts must be at least 1, was 0");
    assertThatThrownBy(() -> new Nmi.Settings(Nmi.Init.RANDOM, 1, 0, 0, false))
        .hasMessage("max_iterations must be at least 1, was 0");
  }
}
