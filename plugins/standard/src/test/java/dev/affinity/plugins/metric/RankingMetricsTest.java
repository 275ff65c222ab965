package dev.affinity.plugins.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  /*
   * Six queries; label 2 has one member, so query 5 is skipped and five queries count. R = same-label
   * count - 1. Per query (neighbour labels, nearest first):
   *   q0 label 0, R 2: [1 0 0 1 2]  P@1 0, first hit at 2, R-prec 1/2, AP@R (1/2)/2     = 0.25
   *   q1 label 0, R 2: [0 1 0 2 1]  P@1 1, first hit at 1, R-prec 1/2, AP@R (1/1)/2     = 0.5
   *   q2 label 0, R 2: [0 0 1 1 2]  P@1 1, first hit at 1, R-prec 2/2, AP@R (1 + 2/2)/2 = 1
   *   q3 label 1, R 1: [0 0 0 2 1]  P@1 0, first hit at 5, R-prec 0,   AP@R 0
   *   q4 label 1, R 1: [1 0 0 0 2]  P@1 1, first hit at 1, R-prec 1,   AP@R 1
   *   q5 label 2, R 0: [0 0 0 1 1]  skipped
   * P@1 = R@1 = 3/5; R@2 = R@4 = 4/5; R@8 reads the 5 there are: 5/5;
   * R-precision = (0.5 + 0.5 + 1 + 0 + 1)/5 = 0.6; MAP@R = (0.25 + 0.5 + 1 + 0 + 1)/5 = 0.55.
   */
  private static final FixedResult MIXED = new FixedResult(
      new int[] {0, 0, 0, 1, 1, 2},
      new int[] {2, 2, 2, 1, 1, 0},
      new int[][] {
        {1, 0, 0, 1, 2}, {0, 1, 0, 2, 1}, {0, 0, 1, 1, 2}, {0, 0, 0, 2, 1}, {1, 0, 0, 0, 2}, {0, 0, 0, 1, 1}
      });

  @Test
  void recallAtKCountsQueriesWithAHitAmongTheFirstKSkippingLoneLabels() {
    Map<String, Double> values = new RecallAtK(new RecallAtK.Settings()).compute(MIXED);

    assertThat(values).containsExactly(
        entry("recall_at_1", 0.6), entry("recall_at_2", 0.8), entry("recall_at_4", 0.8),
        entry("recall_at_8", 1.0));
  }

  @Test
  void precisionRPrecisionAndMapAtRMatchTheHandComputedValues() {
    assertThat(new PrecisionAt1().compute(MIXED)).containsExactly(entry("precision_at_1", 0.6));
    assertThat(new RPrecision().compute(MIXED).get("r_precision")).isCloseTo(0.6, within(1e-12));
    assertThat(new MapAtR().compute(MIXED).get("map_at_r")).isCloseTo(0.55, within(1e-12));
  }

  @Test
  void everyMetricIsOneWhenAllNeighboursWithinRAreRight() {
    // Two classes of three: each query's two same-label items come first.
    FixedResult right = new FixedResult(new int[] {0, 0, 0, 1, 1, 1}, new int[] {2, 2, 2, 2, 2, 2},
        new int[][] {{0, 0, 1}, {0, 0, 1}, {0, 0, 1}, {1, 1, 0}, {1, 1, 0}, {1, 1, 0}});

    assertThat(metrics(right)).containsExactly(
        entry("recall_at_1", 1.0), entry("recall_at_2", 1.0), entry("precision_at_1", 1.0),
        entry("r_precision", 1.0), entry("map_at_r", 1.0));
  }

  @Test
  void everyMetricIsZeroWhenNoNeighbourWithinReachIsRight() {
    // Three classes of two: R = 1, and the nearest two neighbours are always of other classes.
    FixedResult wrong = new FixedResult(new int[] {0, 0, 1, 1, 2, 2}, new int[] {1, 1, 1, 1, 1, 1},
        new int[][] {{1, 2, 0}, {2, 1, 0}, {0, 2, 1}, {2, 0, 1}, {0, 1, 2}, {1, 0, 2}});

    assertThat(metrics(wrong)).containsExactly(
        entry("recall_at_1", 0.0), entry("recall_at_2", 0.0), entry("precision_at_1", 0.0),
        entry("r_precision", 0.0), entry("map_at_r", 0.0));
  }

  @Test
  void rankingMetricsReadRNeighboursEvenWhenRecallAsksForFewer() {
    // R = 3 > k = 1: recall@1 misses, R-precision sees 2 of 3, AP@R = (1/2 + 2/3)/3 = 7/18.
    FixedResult deep = new FixedResult(new int[] {0}, new int[] {3}, new int[][] {{1, 0, 0, 1}});
    RecallAtK recall = new RecallAtK(new RecallAtK.Settings(List.of(1)));

    assertThat(recall.neighboursNeeded(3)).isEqualTo(1);
    assertThat(new MapAtR().neighboursNeeded(3)).isEqualTo(3);
    assertThat(recall.compute(deep)).containsExactly(entry("recall_at_1", 0.0));
    assertThat(new RPrecision().compute(deep).get("r_precision")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(new MapAtR().compute(deep).get("map_at_r")).isCloseTo(7.0 / 18, within(1e-12));
  }

  @Test
  void metricsAreNaNWhenEveryQueryHasALoneLabel() {
    FixedResult lone = new FixedResult(new int[] {0, 1}, new int[] {0, 0}, new int[][] {{1}, {0}});

    assertThat(new PrecisionAt1().compute(lone).get("precision_at_1")).isNaN();
    assertThat(new MapAtR().compute(lone).get("map_at_r")).isNaN();
  }

  @Test
  void recallSettingsRejectBadCutOffsNamingTheKey() {
    assertThatThrownBy(() -> new RecallAtK.Settings(List.of(1, 0)))
        .hasMessage("k must hold values of at least 1, got [1, 0]");
    assertThatThrownBy(() -> new RecallAtK.Settings(List.of(2, 2)))
        .hasMessage("k must not repeat a value, got [2, 2]");
    assertThatThrownBy(() -> new RecallAtK.Settings(List.of()))
        .hasMessage("k must list at least one cut-off");
  }

  private static Map<String, Double> metrics(FixedResult result) {
    Map<String, Double> all = new java.util.LinkedHashMap<>();
    all.putAll(new RecallAtK(new RecallAtK.Settings(List.of(1, 2))).compute(result));
    all.putAll(new PrecisionAt1().compute(result));
    all.putAll(new RPrecision().compute(result));
    all.putAll(new MapAtR().compute(result));
    return all;
  }
}
