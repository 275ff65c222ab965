package dev.affinity.core.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds {@code report.html}: one page, inline style, images from {@code figures/}; every text is
 * escaped.
 */
final class Html {
  private static final String STYLE =
      """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;\
padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:1em 0}th,td{padding:.3em .7em;border-bottom:1px solid #e4e4e4}
th{text-align:left;background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums;\
white-space:nowrap}
.meta,.note{color:#555}figure{margin:1em 0}img{max-width:100%;height:auto}
figcaption{color:#555;font-size:.9em}
""";

  private Html() {}

  /** Escapes text for HTML element content and quoted attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String page(Study study, Summary summary, List<Figures.Figure> figures) {
    StringBuilder html = new StringBuilder();
    String title = "Affinity report: " + study.name();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"generator\" content=\"Affinity\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    html.append("<h1>").append(escape(title)).append("</h1>\n");
    html.append("<p class=\"meta\">").append(escape(describe(study))).append("</p>\n");

    html.append("<h2>Summary</h2>\n");
    List<List<String>> grid = summary.grid();
    html.append("<table>\n<thead><tr>");
    for (String header : grid.get(0)) {
      html.append("<th>").append(escape(header)).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : grid.subList(1, grid.size())) {
      html.append("<tr>");
      for (int c = 0; c < row.size(); c++) {
        html.append(c == 0 ? "<td>" : "<td class=\"num\">")
            .append(escape(row.get(c)))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    for (String note : summary.notes()) {
      html.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
    }

    html.append(
            "<h2>Variants</h2>\n"
                + "<table>\n"
                + "<thead><tr><th>Variant</th><th>Attention</th><th>Softmax</th>")
        .append("<th>Epoch chosen on</th><th>Best epoch</th><th>Runs</th></tr></thead>\n<tbody>\n");
    for (Study.Variant variant : study.variants()) {
      List<RunRecord> runs = variant.runs();
      html.append("<tr><td>")
          .append(escape(variant.name()))
          .append("</td><td>")
          .append(escape(distinct(runs, run -> run.attention() == null ? "none" : run.attention())))
          .append("</td><td>")
          .append(escape(distinct(runs, run -> run.softmax() == null ? "—" : run.softmax())))
          .append("</td><td>")
          .append(escape(distinct(runs, run -> run.selection() == null ? "—" : run.selection())))
          .append("</td><td>")
          .append(
              escape(
                  runs.stream()
                      .filter(RunRecord::finished)
                      .map(
                          run ->
                              "seed "
                                  + run.seed()
                                  + ": "
                                  + (run.bestEpoch() == null ? "—" : run.bestEpoch()))
                      .collect(Collectors.joining("; "))))
          .append("</td><td>")
          .append(
              escape(
                  variant.finished().size()
                      + " of "
                      + (runs.size() + variant.missingSeeds().size())
                      + " finished"))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");

    Map<String, List<Figures.Figure>> sections = new LinkedHashMap<>();
    for (Figures.Figure figure : figures) {
      sections.computeIfAbsent(figure.section(), k -> new java.util.ArrayList<>()).add(figure);
    }
    for (var section : sections.entrySet()) {
      html.append("<h2>").append(escape(section.getKey())).append("</h2>\n");
      for (Figures.Figure figure : section.getValue()) {
        if (figure.file() == null) {
          html.append("<p class=\"note\">").append(escape(figure.caption())).append("</p>\n");
        } else {
          html.append("<figure><img src=\"")
              .append(escape(figure.file()))
              .append("\" alt=\"")
              .append(escape(figure.caption()))
              .append("\"><figcaption>")
              .append(escape(figure.caption()))
              .append("</figcaption></figure>\n");
        }
      }
    }
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static String describe(Study study) {
    if (study.singleRun()) {
      RunRecord run = study.variants().get(0).runs().get(0);
      return "Run "
          + study.directory()
          + ": variant "
          + run.variant()
          + ", seed "
          + run.seed()
          + ", "
          + run.status().jsonName()
          + ".";
    }
    int runs =
        study.variants().stream().mapToInt(v -> v.runs().size() + v.missingSeeds().size()).sum();
    long finished = study.variants().stream().mapToLong(v -> v.finished().size()).sum();
    return "Sweep "
        + study.directory()
        + ": "
        + study.variants().size()
        + " variants, "
        + finished
        + " of "
        + runs
        + " runs finished"
        + (study.baseline() == null ? "" : ", baseline " + study.baseline())
        + ".";
  }

  private static String distinct(
      List<RunRecord> runs, java.util.function.Function<RunRecord, String> field) {
    String joined = runs.stream().map(field).distinct().collect(Collectors.joining(", "));
    return joined.isEmpty() ? "—" : joined;
  }
}
