package dev.affinity.core.report;

import dev.affinity.core.io.RunFiles;

import dev.affinity.core.io.AtomicFiles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.affinity.core.report.RunRecord.EpochRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Draws a study's figures into {@code figures/} and describes them for the HTML page. */
final class Figures {
  static final String FOLDER = "figures";

  /** t-SNE is O(N²): at most this many test embeddings are drawn. */
  // Exact t-SNE costs N^2 per iteration: 600 points keep a sweep's report to seconds per variant.
  static final int TSNE_POINTS = 600;

  private static final long SUBSAMPLE_SEED = 0;
  private static final long TSNE_SEED = 1;

  /** Per-head heatmaps are drawn beside the mean up to this many heads. */
  private static final int MAX_HEADS_SHOWN = 4;

  private Figures() {}

  /**
   * A figure, or the reason it could not be drawn.
   *
   * @param section the heading it belongs under
   * @param file the PNG's path relative to the report, or null when not drawn
   * @param caption what it shows, or why it is missing
   */
  record Figure(String section, String file, String caption) {}

  static final String LOSS = "Training loss";
  static final String RECALL = "Recall@1 during training";
  static final String TSNE = "Test embeddings (t-SNE)";
  static final String ATTENTION = "Attention weights";

  /**
   * Draws every figure of the study; returns them in page order and adds each written PNG to {@code
   * written}.
   */
  static List<Figure> draw(Study study, List<Path> written) throws IOException {
    List<Figure> figures = new ArrayList<>();
    Path folder = study.directory().resolve(FOLDER);

    List<Charts.Line> losses = new ArrayList<>();
    List<Charts.Line> recalls = new ArrayList<>();
    for (int v = 0; v < study.variants().size(); v++) {
      Study.Variant variant = study.variants().get(v);
      List<RunRecord> runs = study.singleRun() ? variant.runs() : variant.finished();
      java.awt.Color color = Charts.variantColor(v);
      losses.add(mean(variant.name(), runs, EpochRecord::loss, 1, color, false));
      recalls.add(
          mean(
              variant.name() + " (validation)",
              runs,
              e -> e.validation().getOrDefault("recall_at_1", Double.NaN),
              100,
              color,
              false));
      recalls.add(
          mean(
              variant.name() + " (test)",
              runs,
              e -> e.test().getOrDefault("recall_at_1", Double.NaN),
              100,
              color,
              true));
    }
    String over = study.singleRun() ? "" : " (mean over finished seeds)";
    if (losses.stream().anyMatch(line -> line.x().length > 0)) {
      figures.add(
          write(
              folder,
              "loss.png",
              Charts.lines(LOSS + over, "epoch", "loss", losses),
              written,
              LOSS,
              "Mean training loss per epoch" + over + "."));
    } else {
      figures.add(new Figure(LOSS, null, "No epochs.jsonl with a loss in any finished run."));
    }
    if (recalls.stream().anyMatch(line -> line.x().length > 0)) {
      figures.add(
          write(
              folder,
              "recall-at-1.png",
              Charts.lines("R@1" + over, "epoch", "R@1 (%)", recalls),
              written,
              RECALL,
              "Recall@1 per epoch" + over + "; solid: validation, dashed: test."));
    } else {
      figures.add(new Figure(RECALL, null, "No epoch recorded recall_at_1 on validation or test."));
    }

    // Read every variant's embeddings first, then lay them out in parallel: each layout depends
    // only on its
    // own input and seed, so the figures do not depend on the number of threads.
    List<Object> plans = new ArrayList<>();
    for (int v = 0; v < study.variants().size(); v++) {
      Study.Variant variant = study.variants().get(v);
      RunRecord run = representative(study, variant);
      plans.add(
          run == null
              ? new Figure(TSNE, null, variant.name() + ": no finished run.")
              : planTsne(v, variant.name(), run));
    }
    double[][][] layouts = new double[plans.size()][][];
    java.util.stream.IntStream.range(0, plans.size())
        .parallel()
        .filter(i -> plans.get(i) instanceof TsnePlan)
        .forEach(i -> layouts[i] = new Tsne(TSNE_SEED).embed(((TsnePlan) plans.get(i)).points()));
    for (int i = 0; i < plans.size(); i++) {
      if (plans.get(i) instanceof TsnePlan plan) {
        figures.add(
            write(
                folder,
                "tsne-" + slug(plan.index(), plan.variant()) + ".png",
                Charts.scatter(plan.title(), layouts[i], plan.labels()),
                written,
                TSNE,
                plan.caption()));
      } else {
        figures.add((Figure) plans.get(i));
      }
    }
    for (int v = 0; v < study.variants().size(); v++) {
      Study.Variant variant = study.variants().get(v);
      RunRecord run = representative(study, variant);
      if (run == null || run.attention() == null) {
        continue;
      }
      figures.add(attention(folder, v, variant.name(), run, written));
    }
    return figures;
  }

  private static RunRecord representative(Study study, Study.Variant variant) {
    if (study.singleRun()) {
      return variant.runs().get(0);
    }
    return variant.representative().orElse(null);
  }

  /** Per epoch, the mean over the runs that report a value for it; NaN values are skipped. */
  static Charts.Line mean(
      String name,
      List<RunRecord> runs,
      ToDoubleFunction<EpochRecord> value,
      double scale,
      java.awt.Color color,
      boolean dashed) {
    TreeMap<Integer, double[]> sums = new TreeMap<>();
    for (RunRecord run : runs) {
      for (EpochRecord epoch : run.epochs()) {
        double y = value.applyAsDouble(epoch);
        if (!Double.isNaN(y)) {
          double[] sum = sums.computeIfAbsent(epoch.epoch(), k -> new double[2]);
          sum[0] += y;
          sum[1]++;
        }
      }
    }
    double[] x = new double[sums.size()];
    double[] y = new double[sums.size()];
    int i = 0;
    for (Map.Entry<Integer, double[]> entry : sums.entrySet()) {
      x[i] = entry.getKey();
      y[i++] = scale * entry.getValue()[0] / entry.getValue()[1];
    }
    return new Charts.Line(name, x, y, color, dashed);
  }

  /** The points of one t-SNE figure and its texts. */
  private record TsnePlan(
      int index, String variant, float[][] points, int[] labels, String title, String caption) {}

  /** A plan, or a figure saying why there is none. */
  private static Object planTsne(int index, String variant, RunRecord run) {
    var file = run.file(RunFiles.EMBEDDINGS_NPZ);
    if (file.isEmpty()) {
      return new Figure(
          TSNE,
          null,
          variant + ": seed " + run.seed() + " has no " + RunFiles.EMBEDDINGS_NPZ + ".");
    }
    Npz.Embeddings embeddings = Npz.readEmbeddings(file.get());
    int n = embeddings.count();
    int[] allLabels = embeddings.labels();
    if (n < 4) {
      return new Figure(
          TSNE, null, variant + ": seed " + run.seed() + " has only " + n + " test embeddings.");
    }
    int[] chosen = Tsne.subsample(n, TSNE_POINTS, SUBSAMPLE_SEED);
    float[][] points = new float[chosen.length][];
    int[] labels = new int[chosen.length];
    for (int i = 0; i < chosen.length; i++) {
      points[i] = embeddings.vector(chosen[i]);
      labels[i] = allLabels[chosen[i]];
    }
    long classes = java.util.Arrays.stream(labels).distinct().count();
    String caption =
        variant
            + ", seed "
            + run.seed()
            + ": t-SNE (perplexity 30) of "
            + chosen.length
            + (chosen.length < n ? " of " + n : "")
            + " test embeddings, "
            + classes
            + " classes, coloured by class.";
    return new TsnePlan(index, variant, points, labels, variant + ", seed " + run.seed(), caption);
  }

  private static Figure attention(
      Path folder, int index, String variant, RunRecord run, List<Path> written)
      throws IOException {
    var file = run.file(RunFiles.ATTENTION_JSON);
    if (file.isEmpty()) {
      return new Figure(
          ATTENTION,
          null,
          variant + ": seed " + run.seed() + " has no " + RunFiles.ATTENTION_JSON + ".");
    }
    double[][][] heads = firstLayer(file.get());
    int b = heads[0].length;
    double[][] mean = new double[b][b];
    for (double[][] head : heads) {
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < b; j++) {
          mean[i][j] += head[i][j] / heads.length;
        }
      }
    }
    List<Charts.Heat> heats = new ArrayList<>();
    heats.add(
        new Charts.Heat(
            variant
                + ": layer 1, "
                + (heads.length == 1 ? "1 head" : "mean of " + heads.length + " heads"),
            mean));
    if (heads.length > 1 && heads.length <= MAX_HEADS_SHOWN) {
      for (int h = 0; h < heads.length; h++) {
        heats.add(new Charts.Heat("head " + (h + 1), heads[h]));
      }
    }
    String caption =
        variant
            + ", seed "
            + run.seed()
            + ": attention weights of layer 1 on one batch of "
            + b
            + " images, rows = targets, columns = sources, both sorted by class"
            + (heats.size() > 1 ? "; the mean over heads, then each head." : ".");
    return write(
        folder,
        "attention-" + slug(index, variant) + ".png",
        Charts.heatmaps(heats),
        written,
        ATTENTION,
        caption);
  }

  /** Layer 1 of {@code attention.json}: H x B x B. */
  static double[][][] firstLayer(Path file) {
    JsonNode root = RunDirectoryReader.object(file, RunDirectoryReader.readJson(file));
    JsonNode layers = root.get("layers");
    String expected =
        "expected \"layers\": a non-empty array of layers, each an array of heads, each a square "
            + "array of weights (rows = targets)";
    if (layers == null
        || !layers.isArray()
        || layers.isEmpty()
        || !layers.get(0).isArray()
        || layers.get(0).isEmpty()) {
      throw new ReportException(file, expected);
    }
    JsonNode headsNode = layers.get(0);
    double[][][] heads = new double[headsNode.size()][][];
    for (int h = 0; h < heads.length; h++) {
      JsonNode rows = headsNode.get(h);
      if (!rows.isArray() || rows.isEmpty()) {
        throw new ReportException(file, expected + "; layer 1 head " + (h + 1) + " is not");
      }
      int b = rows.size();
      heads[h] = new double[b][b];
      for (int i = 0; i < b; i++) {
        JsonNode row = rows.get(i);
        if (!row.isArray() || row.size() != b) {
          throw new ReportException(
              file,
              expected
                  + "; layer 1 head "
                  + (h + 1)
                  + " row "
                  + (i + 1)
                  + " does not have "
                  + b
                  + " weights");
        }
        for (int j = 0; j < b; j++) {
          if (!row.get(j).isNumber()) {
            throw new ReportException(
                file,
                expected
                    + "; layer 1 head "
                    + (h + 1)
                    + " row "
                    + (i + 1)
                    + " holds "
                    + row.get(j));
          }
          heads[h][i][j] = row.get(j).asDouble();
        }
      }
      if (heads[h].length != heads[0].length) {
        throw new ReportException(file, expected + "; the heads of layer 1 differ in size");
      }
    }
    return heads;
  }

  /** A file-name part that is safe in a URL and unique per variant: {@code 2-gat}. */
  static String slug(int index, String variant) {
    String safe = variant.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_");
    return (index + 1) + "-" + safe;
  }

  private static Figure write(
      Path folder, String name, byte[] png, List<Path> written, String section, String caption)
      throws IOException {
    Path target = folder.resolve(name);
    AtomicFiles.write(target, png);
    written.add(target);
    return new Figure(section, FOLDER + "/" + name, caption);
  }
}
