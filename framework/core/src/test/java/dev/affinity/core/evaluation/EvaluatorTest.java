package dev.affinity.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.affinity.plugins.metric.MapAtR;
import dev.affinity.plugins.metric.PrecisionAt1;
import dev.affinity.plugins.metric.RPrecision;
import dev.affinity.plugins.metric.RecallAtK;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  /*
   * Points on a line, not normalized: 0, 1, 3, 4, 10 with labels 0 0 1 1 0. Neighbour labels, self
   * excluded, nearest first:
   *   x=0  (R 2): 1, 3, 4, 10 -> 0 1 1 0   P@1 1, R-prec 1/2, AP@R (1/1)/2 = 0.5
   *   x=1  (R 2): 0, 3, 4, 10 -> 0 1 1 0   P@1 1, R-prec 1/2, AP@R 0.5
   *   x=3  (R 1): 4, 1, 0, 10 -> 1 0 0 0   P@1 1, R-prec 1,   AP@R 1
   *   x=4  (R 1): 3, 1, 0, 10 -> 1 0 0 0   P@1 1, R-prec 1,   AP@R 1
   *   x=10 (R 2): 4, 3, 1, 0  -> 1 1 0 0   P@1 0, R-prec 0,   AP@R 0
   * recall@1 = P@1 = 4/5; R-precision = MAP@R = 3/5. R (2) exceeds recall's k (1): the evaluator must
   * still find 2 neighbours for MAP@R.
   */
  @Test
  void metricsOverTheQueriesThemselvesMatchTheHandComputedValuesInMetricOrder() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {0, 1, 3, 4, 10}, new Shape(5, 1));
      Evaluator evaluator = Evaluator.builder().normalize(false).chunkSize(2)
          .metrics(List.of(new RecallAtK(new RecallAtK.Settings(List.of(1))), new PrecisionAt1(),
              new RPrecision(), new MapAtR()))
          .build();

      Map<String, Double> values = evaluator.evaluate(x, new int[] {0, 0, 1, 1, 0});

      assertThat(values.keySet()).containsExactly("recall_at_1", "precision_at_1", "r_precision", "map_at_r");
      assertThat(values.get("recall_at_1")).isEqualTo(0.8);
      assertThat(values.get("precision_at_1")).isEqualTo(0.8);
      assertThat(values.get("r_precision")).isCloseTo(0.6, within(1e-12));
      assertThat(values.get("map_at_r")).isCloseTo(0.6, within(1e-12));
    }
  }

  /*
   * Gallery (In-Shop) mode. Gallery 0 (a), 1 (b), 5 (a), 6 (b); queries 0.9 (a) and 5.8 (b).
   * Query 0.9: gallery by distance 1 (b), 0 (a), 5 (a), 6 (b); R = 2 gallery items of a.
   *   P@1 0; R-prec 1/2; AP@R (1/2)/2 = 0.25.
   * Query 5.8: 6 (b), 5 (a), 1 (b), 0 (a); R = 2. P@1 1; R-prec 1/2; AP@R (1/1)/2 = 0.5.
   * A query is never excluded: there is no "itself" in the gallery.
   */
  @Test
  void queriesAgainstAGalleryCountGalleryHitsOnly() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray queries = manager.create(new float[] {0.9f, 5.8f}, new Shape(2, 1));
      NDArray gallery = manager.create(new float[] {0, 1, 5, 6}, new Shape(4, 1));
      Evaluator evaluator = Evaluator.builder().normalize(false)
          .metrics(List.of(new PrecisionAt1(), new RPrecision(), new MapAtR())).build();

      Map<String, Double> values =
          evaluator.evaluate(queries, new int[] {0, 1}, gallery, new int[] {0, 1, 0, 1});

      assertThat(values.get("precision_at_1")).isEqualTo(0.5);
      assertThat(values.get("r_precision")).isCloseTo(0.5, within(1e-12));
      assertThat(values.get("map_at_r")).isCloseTo(0.375, within(1e-12));
    }
  }

  @Test
  void embeddingsAreL2NormalizedByDefault() {
    // Unnormalized, (10, 0) is nearest (1, 1); on the unit circle (10, 0) coincides with (1, 0).
    float[][] x = {{1, 0}, {10, 0}, {1, 1}, {1, 1.01f}};
    Evaluator evaluator = Evaluator.builder().metrics(List.of(new PrecisionAt1())).build();

    assertThat(evaluator.evaluate(x, new int[] {0, 0, 1, 1})).containsEntry("precision_at_1", 1.0);
  }

  @Test
  void twoMetricsReturningOneKeyIsAnErrorNamingBoth() {
    Evaluator evaluator = Evaluator.builder()
        .metrics(List.of(new RecallAtK(new RecallAtK.Settings(List.of(1))), new PrecisionAt1(),
            new RecallAtK(new RecallAtK.Settings(List.of(2, 1)))))
        .build();

    assertThatThrownBy(() -> evaluator.evaluate(new float[][] {{1, 0}, {0, 1}, {1, 0.1f}}, new int[] {0, 1, 0}))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("metrics 'recall_at_k' and 'recall_at_k' both return 'recall_at_1'");
  }
}
