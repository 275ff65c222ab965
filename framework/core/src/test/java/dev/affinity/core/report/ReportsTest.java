package dev.affinity.core.report;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.affinity.core.report.SweepFixture.epochs;
import static dev.affinity.core.report.SweepFixture.run;
import static dev.affinity.core.report.SweepFixture.sweep;
import static dev.affinity.core.report.SweepFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportsTest {
  /** A variant name that would break the page if it were not escaped. */
  private static final String ODD = "gat<b>";

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;

  @BeforeEach
  void twoVariantsTwoSeeds() {
    sweep(dir, "quickstart", "backbone-only", List.of("backbone-only", ODD), List.of(1, 2));
    int[] labels = new int[40];
    float[][] vectors = SweepFixture.blobs(20, 8, 3, labels);
    for (String variant : List.of("backbone-only", ODD)) {
      String attention = variant.equals(ODD) ? "gat" : null;
      for (int seed : List.of(1, 2)) {
        Path run =
            run(
                dir,
                variant,
                seed,
                "finished",
                attention,
                "validation",
                Map.of("recall_at_1", 0.5 + 0.1 * seed, "nmi", 0.4));
        epochs(run, new double[] {2.0, 1.5, 1.2}, new double[] {0.3, 0.4, 0.5}, null);
        SweepFixture.embeddings(run, vectors, labels);
      }
    }
    // Two heads, a batch of 4 (classes 0, 0, 1, 1): each target attends within its class.
    write(
        dir.resolve(ODD).resolve("seed-1").resolve("attention.json"),
        """
        {"labels":[0,0,1,1],"layers":[[
          [[0.5,0.5,0,0],[0.5,0.5,0,0],[0,0,0.5,0.5],[0,0,0.5,0.5]],
          [[0.9,0.1,0,0],[0.1,0.9,0,0],[0,0,0.9,0.1],[0,0,0.1,0.9]]]]}
        """);
  }

  @Test
  void aSweepReportWritesTheSummaryThePageAndItsFigures() throws IOException {
    Reports.Report report = Reports.write(dir);

    Path figures = dir.resolve("figures");
    assertThat(report.sweep()).isTrue();
    assertThat(report.files())
        .containsExactly(
            figures.resolve("loss.png"),
            figures.resolve("recall-at-1.png"),
            figures.resolve("tsne-1-backbone-only.png"),
            figures.resolve("tsne-2-gat_b_.png"),
            figures.resolve("attention-2-gat_b_.png"),
            dir.resolve("summary.md"),
            dir.resolve("summary.csv"),
            dir.resolve("report.html"));
    assertPng(figures.resolve("loss.png"), 900, 480);
    assertPng(figures.resolve("recall-at-1.png"), 900, 480);
    assertPng(figures.resolve("tsne-1-backbone-only.png"), 720, 640);
    // The mean over heads and both heads, side by side.
    assertPng(figures.resolve("attention-2-gat_b_.png"), 3 * Charts.HEAT_WIDTH, Charts.HEAT_HEIGHT);
    // R@1 of seeds 1 and 2: 0.6 and 0.7, mean 65.0, std 0.1 / sqrt 2 = 7.1 (percent).
    assertThat(report.summary()).contains("backbone-only", "65.0 ± 7.1", "n");

    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .endsWith("</html>\n")
        .contains("<img src=\"figures/loss.png\"", "<img src=\"figures/attention-2-gat_b_.png\"")
        .contains("<td class=\"num\">65.0 ± 7.1</td>")
        .contains("<td>seed 1: 2; seed 2: 2</td><td>2 of 2 finished</td>");
    for (Path file : report.files()) {
      if (file.toString().endsWith(".png")) {
        assertThat(html).contains("src=\"figures/" + file.getFileName() + "\"");
      }
    }
  }

  @Test
  void thePageEscapesVariantNames() throws IOException {
    Reports.write(dir);

    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("<td>gat&lt;b&gt;</td>").doesNotContain("gat<b>");
    assertThat(Html.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
  }

  @Test
  void onlyTheReportsOwnFilesAreWrittenAndNoTemporaryFileIsLeft() throws IOException {
    Path runJson = dir.resolve("backbone-only/seed-1/run.json");
    String before = Files.readString(runJson);
    write(dir.resolve("notes.txt"), "mine");

    Reports.write(dir);
    Reports.write(dir);

    assertThat(Files.readString(runJson)).isEqualTo(before);
    assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
    // Readable by others, unlike the private temporary file it was written as.
    assertThat(Files.getPosixFilePermissions(dir.resolve("report.html")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".tmp"));
    }
  }

  @Test
  void aSingleRunGetsItsOwnReport() throws IOException {
    Path run = dir.resolve(ODD).resolve("seed-2");

    Reports.Report report = Reports.write(run);

    assertThat(report.sweep()).isFalse();
    assertThat(report.files())
        .contains(
            run.resolve("report.html"), run.resolve("figures/loss.png"), run.resolve("summary.md"));
    assertThat(Files.readString(run.resolve("summary.md")))
        .startsWith("# gat&lt;b&gt; seed 2".replace("&lt;", "<").replace("&gt;", ">"))
        .contains("| gat<b>  | 70.0 |");
    // seed 2 has no attention.json: the page says so instead of showing a figure.
    assertThat(Files.readString(run.resolve("report.html")))
        .contains("gat&lt;b&gt;: seed 2 has no attention.json.");
  }

  @Test
  void aDirectoryWithNeitherRunNorSweepIsRefused() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));

    assertThatThrownBy(() -> Reports.write(empty))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            empty
                + ": expected a run directory (with run.json) or a sweep directory (with"
                + " sweep.json), found neither file");
    assertThat(empty).isEmptyDirectory();
  }

  @Test
  void unreadableJsonNamesTheFile() {
    Path runJson = dir.resolve("backbone-only/seed-2/run.json");
    write(runJson, "{\"variant\": gat}");

    assertThatThrownBy(() -> Reports.write(dir))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            runJson
                + ": expected JSON, but it does not parse (Unrecognized token 'gat': was expecting"
                + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line"
                + " 1, column 13)");
    assertThat(dir.resolve("report.html")).doesNotExist();
  }

  @Test
  void anUnknownStatusNamesTheFileAndTheValidValues() {
    Path runJson = dir.resolve("backbone-only/seed-2/run.json");
    write(runJson, "{\"variant\":\"backbone-only\",\"seed\":2,\"status\":\"done\"}");

    assertThatThrownBy(() -> Reports.write(dir))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            runJson
                + ": expected \"status\" to be \"finished\", \"failed\" or \"running\", was"
                + " \"done\"");
  }

  @Test
  void aFinishedRunWithoutMetricsIsAnError() throws IOException {
    Path metrics = dir.resolve("backbone-only/seed-2/metrics.json");
    Files.delete(metrics);

    assertThatThrownBy(() -> Reports.write(dir))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            metrics
                + ": expected the final metrics of a run whose run.json says \"finished\", "
                + "but the file is missing");
  }

  @Test
  void aBadEpochLineNamesItsLineNumber() {
    Path epochs = dir.resolve("backbone-only/seed-1/epochs.jsonl");
    write(epochs, "{\"epoch\":1,\"loss\":2.0}\n{\"loss\":1.0}\n");

    assertThatThrownBy(() -> Reports.write(dir))
        .isInstanceOf(ReportException.class)
        .hasMessage(epochs + ": line 2: expected an integer field \"epoch\", but it is missing");
  }

  @Test
  void aBaselineThatIsNotAVariantIsAnError() {
    sweep(dir, "quickstart", "resnet", List.of("backbone-only", ODD), List.of(1, 2));

    assertThatThrownBy(() -> Reports.write(dir))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            dir.resolve("sweep.json")
                + ": expected \"baseline\" to be one of the variants "
                + "[backbone-only, gat<b>], was \"resnet\"");
  }

  private static void assertPng(Path file, int width, int height) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).startsWith(PNG_MAGIC);
    // IHDR follows the magic: length (4), "IHDR" (4), then width and height, big-endian.
    ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8);
    assertThat(header.getInt()).as("width of %s", file).isEqualTo(width);
    assertThat(header.getInt()).as("height of %s", file).isEqualTo(height);
  }
}
