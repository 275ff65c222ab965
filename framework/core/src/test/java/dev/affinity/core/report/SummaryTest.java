package dev.affinity.core.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.affinity.core.report.SweepFixture.run;
import static dev.affinity.core.report.SweepFixture.sweep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SummaryTest {
  @TempDir Path dir;

  private static Map<String, Double> metrics(double recallAt1, double nmi) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("recall_at_1", recallAt1);
    metrics.put("nmi", nmi);
    return metrics;
  }

  @Test
  void meanSampleStdAndDifferenceToBaselineMatchHandComputation() {
    sweep(dir, "three-seeds", "backbone-only", List.of("backbone-only", "gat"), List.of(1, 2, 3));
    run(dir, "backbone-only", 1, "finished", null, "validation", metrics(0.70, 0.60));
    run(dir, "backbone-only", 2, "finished", null, "validation", metrics(0.72, 0.60));
    run(dir, "backbone-only", 3, "finished", null, "validation", metrics(0.74, 0.60));
    run(dir, "gat", 1, "finished", "gat", "validation", metrics(0.75, 0.61));
    run(dir, "gat", 2, "finished", "gat", "validation", metrics(0.76, 0.62));
    run(dir, "gat", 3, "finished", "gat", "validation", metrics(0.80, 0.63));

    Summary summary = Reports.summarize(dir);

    // backbone-only R@1: mean (0.70 + 0.72 + 0.74) / 3 = 0.72; std sqrt((0.02² + 0 + 0.02²) / 2) =
    // 0.02.
    Summary.Cell baseline = summary.cell("backbone-only", "recall_at_1");
    assertThat(baseline.mean()).isCloseTo(0.72, within(1e-12));
    assertThat(baseline.std()).isCloseTo(0.02, within(1e-12));
    assertThat(baseline.n()).isEqualTo(3);
    assertThat(baseline.diffToBaseline()).isNaN();
    // gat R@1: mean (0.75 + 0.76 + 0.80) / 3 = 0.77; deviations -0.02, -0.01, 0.03;
    // std sqrt((0.0004 + 0.0001 + 0.0009) / 2) = sqrt(0.0007) = 0.0264575...; difference 0.77 -
    // 0.72 = 0.05.
    Summary.Cell gat = summary.cell("gat", "recall_at_1");
    assertThat(gat.mean()).isCloseTo(0.77, within(1e-12));
    assertThat(gat.std()).isCloseTo(Math.sqrt(0.0007), within(1e-12));
    assertThat(gat.n()).isEqualTo(3);
    assertThat(gat.diffToBaseline()).isCloseTo(0.05, within(1e-12));
    // gat NMI: mean 0.62, deviations -0.01, 0, 0.01, std 0.01; baseline NMI constant, std 0.
    assertThat(summary.cell("gat", "nmi").std()).isCloseTo(0.01, within(1e-12));
    assertThat(summary.cell("backbone-only", "nmi").std()).isCloseTo(0, within(1e-12));

    assertThat(Summary.format(gat)).isEqualTo("77.0 ± 2.6 (+5.0)");
    assertThat(Summary.format(baseline)).isEqualTo("72.0 ± 2.0");
    assertThat(summary.metrics()).containsExactly("recall_at_1", "nmi");
  }

  /**
   * A tiny sweep whose values are exact in binary, so the CSV's unrounded numbers can be written
   * out.
   */
  private void tinySweep(String gatSelection) {
    sweep(dir, "tiny", "backbone-only", List.of("backbone-only", "gat"), List.of(1, 2));
    run(dir, "backbone-only", 1, "finished", null, "validation", metrics(0.75, 0.5));
    run(dir, "backbone-only", 2, "finished", null, "validation", metrics(0.625, 0.625));
    run(dir, "gat", 1, "finished", "gat", gatSelection, metrics(0.875, 0.75));
    run(dir, "gat", 2, "failed", "gat", gatSelection, null);
  }

  @Test
  void markdownTableShowsPercentWithOneDecimalAndNotesTheExcludedRun() {
    tinySweep("validation");

    // R@1: (0.75 + 0.625) / 2 = 0.6875 -> 68.75 -> 68.8 (half up); std 0.125 / sqrt 2 = 0.0884 ->
    // 8.8.
    // NMI: (0.5 + 0.625) / 2 = 0.5625 -> 56.3, same std. gat has one finished seed: no std; 0.875 -
    // 0.6875 =
    // 0.1875 -> +18.8, and NMI 0.75 - 0.5625 = 0.1875 -> +18.8. Metrics no run reports show an em
    // dash.
    assertThat(Reports.summarize(dir).toMarkdown())
        .isEqualTo(
            """
| Variant       |          R@1 | R@2 | R@4 | R@8 |          NMI | MAP@R | RP | n |
|:--------------|-------------:|----:|----:|----:|-------------:|------:|---:|--:|
| backbone-only |   68.8 ± 8.8 |   — |   — |   — |   56.3 ± 8.8 |     — |  — | 2 |
| gat           | 87.5 (+18.8) |   — |   — |   — | 75.0 (+18.8) |     — |  — | 1 |

Percent; mean ± sample standard deviation over n finished seeds; (+x.x) is the difference of \
the mean to backbone-only's.

Attention softmax: gat plain.

Excluded 1 run that did not finish: gat seed 2 (failed).

""");
  }

  @Test
  void csvKeepsUnroundedFractionsAndLeavesUndefinedFieldsEmpty() {
    tinySweep("validation");

    // std = sqrt(2 * 0.0625² / 1) = 0.125 / sqrt(2) = 0.0883883476483184...
    assertThat(Reports.summarize(dir).toCsv())
        .isEqualTo(
            """
            variant,metric,mean,std,n,diff_to_baseline
            backbone-only,recall_at_1,0.6875,0.08838834764831845,2,
            backbone-only,nmi,0.5625,0.08838834764831845,2,
            gat,recall_at_1,0.875,,1,0.1875
            gat,nmi,0.75,,1,0.1875
            """);
  }

  @Test
  void consoleTextAlignsTheSameTable() {
    tinySweep("validation");

    assertThat(Reports.summarize(dir).toText())
        .startsWith(
            """
            Variant                 R@1  R@2  R@4  R@8           NMI  MAP@R  RP  n
            ----------------------------------------------------------------------
            backbone-only    68.8 ± 8.8    —    —    —    56.3 ± 8.8      —   —  2
            gat            87.5 (+18.8)    —    —    —  75.0 (+18.8)      —   —  1

            Percent;""");
  }

  @Test
  void failedRunningAndMissingRunsAreLeftOutAndCounted() {
    sweep(dir, "partial", "backbone-only", List.of("backbone-only", "gat"), List.of(1, 2, 3));
    run(dir, "backbone-only", 1, "finished", null, "validation", metrics(0.5, 0.5));
    run(dir, "backbone-only", 2, "running", null, "validation", null);
    run(dir, "backbone-only", 3, "finished", null, "validation", metrics(0.7, 0.5));
    run(dir, "gat", 1, "failed", "gat", "validation", metrics(0.99, 0.99));
    run(dir, "gat", 2, "finished", "gat", "validation", metrics(0.8, 0.5));

    Summary summary = Reports.summarize(dir);

    // The failed gat run's 0.99 must not count: only seed 2 does.
    assertThat(summary.cell("gat", "recall_at_1").mean()).isEqualTo(0.8);
    assertThat(summary.cell("gat", "recall_at_1").n()).isEqualTo(1);
    assertThat(summary.cell("backbone-only", "recall_at_1").mean()).isCloseTo(0.6, within(1e-12));
    assertThat(summary.excluded())
        .containsExactly(
            "backbone-only seed 2 (running)", "gat seed 1 (failed)", "gat seed 3 (not started)");
    assertThat(summary.toMarkdown())
        .contains(
            "Excluded 3 runs that did not finish: backbone-only seed 2 "
                + "(running), gat seed 1 (failed), gat seed 3 (not started).");
  }

  @Test
  void runsThatChoseTheirEpochOnTheTestSetAreFootnoted() {
    tinySweep("test");

    String markdown = Reports.summarize(dir).toMarkdown();

    assertThat(markdown)
        .contains("| gat †         | 87.5 (+18.8) |")
        .contains(
            "† The epoch of at least one run was chosen on the test set (run.json \"selection\": "
                + "\"test\", as in the paper's code), so these numbers are optimistic: gat.");
    assertThat(markdown).doesNotContain("backbone-only †");
  }

  @Test
  void withoutTestSelectionThereIsNoFootnote() {
    tinySweep("validation");

    assertThat(Reports.summarize(dir).toMarkdown()).doesNotContain("†");
  }

  @Test
  void aBarInAVariantNameIsEscapedInMarkdownOnly() {
    sweep(dir, "bars", "a|b", List.of("a|b"), List.of(1));
    run(dir, "a|b", 1, "finished", null, "validation", metrics(0.5, 0.5));

    Summary summary = Reports.summarize(dir);

    assertThat(summary.toMarkdown()).contains("| a\\|b    | 50.0 |");
    assertThat(summary.toText()).contains("a|b      50.0");
  }

  @Test
  void percentNeverPrintsNegativeZero() {
    assertThat(Summary.percent(-0.0004, false)).isEqualTo("0.0");
    assertThat(Summary.percent(-0.0004, true)).isEqualTo("+0.0");
    assertThat(Summary.percent(-0.0123, true)).isEqualTo("-1.2");
  }
}
