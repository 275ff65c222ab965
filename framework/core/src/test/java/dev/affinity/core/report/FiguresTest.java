package dev.affinity.core.report;

import dev.affinity.core.report.RunRecord.EpochRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FiguresTest {
  @TempDir Path dir;

  private RunRecord run(int seed, double... losses) {
    List<EpochRecord> epochs = new java.util.ArrayList<>();
    for (int e = 0; e < losses.length; e++) {
      epochs.add(
          new EpochRecord(
              e + 1, losses[e], Map.of(), e == 0 ? Map.of("recall_at_1", 0.5) : Map.of()));
    }
    return new RunRecord(
        dir,
        "gat",
        seed,
        RunRecord.Status.FINISHED,
        "gat",
        "plain",
        "validation",
        1,
        epochs,
        Map.of());
  }

  @Test
  void curvesAverageEachEpochOverTheSeedsThatReachedIt() {
    // Epoch 1: (2 + 4) / 2 = 3; epoch 2: (1 + 3) / 2 = 2; epoch 3: only the second seed, 1.
    Charts.Line loss =
        Figures.mean(
            "gat", List.of(run(1, 2, 1), run(2, 4, 3, 1)), EpochRecord::loss, 1, Color.RED, false);

    assertThat(loss.x()).containsExactly(1, 2, 3);
    assertThat(loss.y()).containsExactly(3, 2, 1);
  }

  @Test
  void epochsWithoutTheValueAreLeftOutAndPercentIsScaled() {
    Charts.Line recall =
        Figures.mean(
            "gat (test)",
            List.of(run(1, 2, 1)),
            e -> e.test().getOrDefault("recall_at_1", Double.NaN),
            100,
            Color.RED,
            true);

    assertThat(recall.x()).containsExactly(1);
    assertThat(recall.y()).containsExactly(50);
  }

  @Test
  void attentionWithRaggedRowsNamesTheFileHeadAndRow() {
    Path file = dir.resolve("attention.json");
    SweepFixture.write(file, "{\"labels\":[0,1],\"layers\":[[[[0.5,0.5],[1.0]]]]}");

    assertThatThrownBy(() -> Figures.firstLayer(file))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            file
                + ": expected \"layers\": a non-empty array of layers, each an array of heads, each"
                + " a square array of weights (rows = targets); layer 1 head 1 row 2 does not have"
                + " 2 weights");
  }

  @Test
  void slugsAreSafeInFileNamesAndUrlsAndUniquePerVariant() {
    assertThat(Figures.slug(0, "GAT<b> v2/x")).isEqualTo("1-gat_b_v2_x");
    assertThat(Figures.slug(1, "GAT<b> v2/x")).isEqualTo("2-gat_b_v2_x");
  }
}
