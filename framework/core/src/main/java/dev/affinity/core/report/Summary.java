package dev.affinity.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The results table of a sweep: per variant and metric the mean over finished seeds, the sample
 * standard deviation (n - 1), the number of seeds and the difference of the mean to the baseline
 * variant's mean.
 *
 * <p>Values are kept in the units of {@code metrics.json} (fractions); the Markdown and console
 * tables show them in percent with one decimal, as the study's tables do ({@code 70.3 ± 0.8}), the
 * CSV keeps them unrounded. Differences are taken between unrounded means, so they may differ by
 * 0.1 from the difference of the rounded means shown. Runs that did not finish are left out and
 * listed in a note; a variant any of whose runs chose its epoch on the test set is marked with a
 * dagger and a footnote.
 */
public final class Summary {
  /** The columns of the Markdown and console tables, in order. */
  public static final List<String> TABLE_METRICS =
      List.of(
          "recall_at_1",
          "recall_at_2",
          "recall_at_4",
          "recall_at_8",
          "nmi",
          "map_at_r",
          "r_precision");

  private static final List<String> TABLE_HEADERS =
      List.of("R@1", "R@2", "R@4", "R@8", "NMI", "MAP@R", "RP");
  private static final String TEST_MARK = " †";

  /**
   * One cell of the table.
   *
   * @param variant the variant; never null
   * @param metric the metric key of {@code metrics.json}; never null
   * @param mean the mean over the finished seeds that report this metric, NaN when none does
   * @param std the sample standard deviation, NaN when fewer than two seeds
   * @param n the number of finished seeds that report this metric
   * @param diffToBaseline {@code mean - baseline mean}, NaN without a baseline or for the baseline
   *     itself
   */
  public record Cell(
      String variant, String metric, double mean, double std, int n, double diffToBaseline) {
    public Cell {
      requireNonNull(variant, "variant is null");
      requireNonNull(metric, "metric is null");
    }
  }

  private final String baseline;
  private final List<String> variants;
  private final Map<String, Integer> finishedCounts;
  private final Map<String, Map<String, Cell>> cells;
  private final List<String> metrics;
  private final Set<String> testSelected;
  private final List<String> excluded;
  private final Map<String, String> softmax;

  private Summary(Study study) {
    this.baseline = study.baseline();
    this.variants = study.variants().stream().map(Study.Variant::name).toList();
    this.finishedCounts = new LinkedHashMap<>();
    this.testSelected = new LinkedHashSet<>();
    this.excluded = new ArrayList<>();
    this.softmax = new LinkedHashMap<>();

    Set<String> found = new java.util.HashSet<>();
    Set<String> others = new TreeSet<>();
    for (Study.Variant variant : study.variants()) {
      List<RunRecord> finished = variant.finished();
      finishedCounts.put(variant.name(), finished.size());
      for (RunRecord run : finished) {
        found.addAll(run.metrics().keySet());
        run.metrics().keySet().stream()
            .filter(key -> !TABLE_METRICS.contains(key))
            .forEach(others::add);
        if (run.selectedOnTest()) {
          testSelected.add(variant.name());
        }
        if (run.attention() != null && run.softmax() != null) {
          softmax.putIfAbsent(variant.name(), run.softmax());
        }
      }
      for (RunRecord run : variant.runs()) {
        if (!run.finished()) {
          excluded.add(
              variant.name() + " seed " + run.seed() + " (" + run.status().jsonName() + ")");
        }
      }
      for (int seed : variant.missingSeeds()) {
        excluded.add(variant.name() + " seed " + seed + " (not started)");
      }
    }
    List<String> all = new ArrayList<>(TABLE_METRICS.stream().filter(found::contains).toList());
    all.addAll(others);
    this.metrics = List.copyOf(all);

    Map<String, Map<String, double[]>> stats = new LinkedHashMap<>();
    for (Study.Variant variant : study.variants()) {
      Map<String, double[]> byMetric = new LinkedHashMap<>();
      for (String metric : metrics) {
        double[] values =
            variant.finished().stream()
                .map(run -> run.metrics().get(metric))
                .filter(value -> value != null && !value.isNaN())
                .mapToDouble(Double::doubleValue)
                .toArray();
        byMetric.put(metric, values);
      }
      stats.put(variant.name(), byMetric);
    }
    this.cells = new LinkedHashMap<>();
    for (String variant : variants) {
      Map<String, Cell> row = new LinkedHashMap<>();
      for (String metric : metrics) {
        double[] values = stats.get(variant).get(metric);
        double mean = mean(values);
        double diff = Double.NaN;
        if (baseline != null && !baseline.equals(variant)) {
          diff = mean - mean(stats.get(baseline).get(metric));
        }
        row.put(metric, new Cell(variant, metric, mean, sampleStd(values), values.length, diff));
      }
      cells.put(variant, row);
    }
  }

  static Summary of(Study study) {
    return new Summary(requireNonNull(study, "study is null"));
  }

  /** The mean of the values, NaN for none. */
  static double mean(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }

  /** The sample standard deviation (divided by n - 1), NaN for fewer than two values. */
  static double sampleStd(double[] values) {
    if (values.length < 2) {
      return Double.NaN;
    }
    double mean = mean(values);
    double squares = 0;
    for (double value : values) {
      squares += (value - mean) * (value - mean);
    }
    return Math.sqrt(squares / (values.length - 1));
  }

  /** The cell of a variant and metric key; metrics not in any run give a cell with n = 0. */
  public Cell cell(String variant, String metric) {
    Map<String, Cell> row = cells.get(variant);
    if (row == null) {
      throw new IllegalArgumentException(
          "variant \"" + variant + "\" is not in this summary " + variants);
    }
    Cell cell = row.get(metric);
    return cell != null ? cell : new Cell(variant, metric, Double.NaN, Double.NaN, 0, Double.NaN);
  }

  /** Variants in {@code sweep.json} order. */
  public List<String> variants() {
    return variants;
  }

  /**
   * The metric keys of the finished runs' {@code metrics.json}: those of {@link #TABLE_METRICS} in
   * its order, then the others in alphabetical order.
   */
  public List<String> metrics() {
    return metrics;
  }

  /** Finished runs of a variant. */
  public int finished(String variant) {
    return finishedCounts.getOrDefault(variant, 0);
  }

  /** The runs left out, as {@code "gat seed 2 (failed)"}, in variant then seed order. */
  public List<String> excluded() {
    return List.copyOf(excluded);
  }

  /** The table as Markdown, followed by its notes; ends with a line break. */
  public String toMarkdown() {
    // A '|' in a variant name would end its cell.
    List<List<String>> rows =
        grid().stream()
            .map(row -> row.stream().map(cell -> cell.replace("|", "\\|")).toList())
            .toList();
    int[] widths = widths(rows);
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      out.append('|');
      for (int c = 0; c < widths.length; c++) {
        out.append(' ').append(pad(rows.get(r).get(c), widths[c], c > 0)).append(" |");
      }
      out.append('\n');
      if (r == 0) {
        out.append('|');
        for (int c = 0; c < widths.length; c++) {
          out.append(c == 0 ? ":" + "-".repeat(widths[c] + 1) : "-".repeat(widths[c] + 1) + ":")
              .append('|');
        }
        out.append('\n');
      }
    }
    out.append('\n');
    for (String note : notes()) {
      out.append(note).append("\n\n");
    }
    return out.toString();
  }

  /**
   * The table for a console: aligned columns, a rule under the header, a blank line, then the
   * notes.
   */
  public String toText() {
    List<List<String>> rows = grid();
    int[] widths = widths(rows);
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < widths.length; c++) {
        line.append(c == 0 ? "" : "  ").append(pad(rows.get(r).get(c), widths[c], c > 0));
      }
      out.append(line.toString().stripTrailing()).append('\n');
      if (r == 0) {
        int total = java.util.Arrays.stream(widths).sum() + 2 * (widths.length - 1);
        out.append("-".repeat(total)).append('\n');
      }
    }
    out.append('\n');
    for (String note : notes()) {
      out.append(note).append('\n');
    }
    return out.toString();
  }

  /**
   * One line per variant and metric: {@code variant,metric,mean,std,n,diff_to_baseline}, values
   * unrounded in the units of {@code metrics.json}, empty where undefined; fields quoted as RFC
   * 4180 says; lines end with {@code \n}. All metrics found are listed, not only the table's.
   */
  public String toCsv() {
    StringBuilder out = new StringBuilder("variant,metric,mean,std,n,diff_to_baseline\n");
    for (String variant : variants) {
      for (String metric : metrics) {
        Cell cell = cell(variant, metric);
        out.append(csv(variant))
            .append(',')
            .append(csv(metric))
            .append(',')
            .append(number(cell.mean()))
            .append(',')
            .append(number(cell.std()))
            .append(',')
            .append(cell.n())
            .append(',')
            .append(number(cell.diffToBaseline()))
            .append('\n');
      }
    }
    return out.toString();
  }

  /** The rows of the table, header first: variant, the table metrics formatted, n. */
  List<List<String>> grid() {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add("Variant");
    header.addAll(TABLE_HEADERS);
    header.add("n");
    rows.add(header);
    for (String variant : variants) {
      List<String> row = new ArrayList<>();
      row.add(variant + (testSelected.contains(variant) ? TEST_MARK : ""));
      for (String metric : TABLE_METRICS) {
        row.add(format(cell(variant, metric)));
      }
      row.add(Integer.toString(finished(variant)));
      rows.add(row);
    }
    return rows;
  }

  /** The notes under the table, each one paragraph. */
  List<String> notes() {
    List<String> notes = new ArrayList<>();
    StringBuilder units =
        new StringBuilder("Percent; mean ± sample standard deviation over n finished seeds");
    if (baseline != null && variants.size() > 1) {
      units.append("; (+x.x) is the difference of the mean to ").append(baseline).append("'s");
    }
    notes.add(units.append('.').toString());
    if (!testSelected.isEmpty()) {
      notes.add(
          "† The epoch of at least one run was chosen on the test set (run.json \"selection\":"
              + " \"test\", as in the paper's code), so these numbers are optimistic: "
              + String.join(", ", testSelected)
              + ".");
    }
    if (!softmax.isEmpty()) {
      List<String> parts = new ArrayList<>();
      softmax.forEach(
          (variant, kind) ->
              parts.add(
                  variant
                      + " "
                      + (kind.equals("extra-zero-logit")
                          ? "with an extra zero logit (the released code's)"
                          : kind)));
      notes.add("Attention softmax: " + String.join(", ", parts) + ".");
    }
    if (!excluded.isEmpty()) {
      notes.add(
          "Excluded "
              + excluded.size()
              + (excluded.size() == 1 ? " run" : " runs")
              + " that did not finish: "
              + String.join(", ", excluded)
              + ".");
    }
    return notes;
  }

  /**
   * {@code 70.3 ± 0.8 (+1.2)}: the parts that are defined; an em dash when no seed reports the
   * metric.
   */
  static String format(Cell cell) {
    if (cell.n() == 0 || Double.isNaN(cell.mean())) {
      return "—";
    }
    StringBuilder text = new StringBuilder(percent(cell.mean(), false));
    if (!Double.isNaN(cell.std())) {
      text.append(" ± ").append(percent(cell.std(), false));
    }
    if (!Double.isNaN(cell.diffToBaseline())) {
      text.append(" (").append(percent(cell.diffToBaseline(), true)).append(')');
    }
    return text.toString();
  }

  /** A fraction in percent with one decimal; never "-0.0". */
  static String percent(double fraction, boolean signed) {
    String text = String.format(Locale.ROOT, signed ? "%+.1f" : "%.1f", 100 * fraction);
    if (text.equals("-0.0")) {
      return signed ? "+0.0" : "0.0";
    }
    return text;
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }

  private static String csv(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

  private static int[] widths(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    return widths;
  }

  private static String pad(String text, int width, boolean right) {
    String space = " ".repeat(width - text.length());
    return right ? space + text : text + space;
  }
}
