package dev.affinity.core.report;

import dev.affinity.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Writes the report of a run or a sweep directory into that directory.
 *
 * <pre>{@code
 * Reports.Report report = Reports.write(Path.of("runs/quickstart-20261203-170512"));
 * System.out.print(report.summary());          // the table, for the console
 * report.files();                              // summary.md, summary.csv, figures/*.png, report.html
 * }</pre>
 *
 * <p>A run directory holds {@code run.json}; a sweep directory holds {@code sweep.json} and {@code
 * <variant>/seed-<n>/} run directories. Only the report's own outputs are written ({@value
 * #SUMMARY_MD}, {@value #SUMMARY_CSV}, {@value #REPORT_HTML} and PNGs in {@code figures/}), each to
 * a temporary file in the same folder and then renamed, so a crash never leaves a half-written
 * file; earlier versions of these files are replaced, nothing else is touched. The page comes last,
 * so it never points at figures not yet written. Drawing is headless ({@code
 * java.awt.headless=true}).
 */
public final class Reports {
  public static final String SUMMARY_MD = "summary.md";
  public static final String SUMMARY_CSV = "summary.csv";
  public static final String REPORT_HTML = "report.html";

  private Reports() {}

  /**
   * What a report wrote.
   *
   * @param directory the run or sweep directory; never null
   * @param sweep true for a sweep, false for a single run
   * @param files every file written, in the order written, {@code report.html} last; never null
   * @param summary the summary table and its notes, for a console; never null
   */
  public record Report(Path directory, boolean sweep, List<Path> files, String summary) {
    public Report {
      requireNonNull(directory, "directory is null");
      files = List.copyOf(files);
      requireNonNull(summary, "summary is null");
    }
  }

  /**
   * Reads the run or sweep in {@code directory} and writes its report there.
   *
   * @param directory a run directory (with {@code run.json}) or a sweep directory (with {@code
   *     sweep.json})
   * @return what was written
   * @throws ReportException when the directory is neither, or a file in it is missing or malformed;
   *     the message names the file and what was expected
   * @throws IOException when an output cannot be written
   */
  public static Report write(Path directory) throws IOException {
    requireNonNull(directory, "directory is null");
    Study study = RunDirectoryReader.read(directory);
    Summary summary = Summary.of(study);
    List<Path> written = new ArrayList<>();

    List<Figures.Figure> figures = Figures.draw(study, written);
    Path markdown = directory.resolve(SUMMARY_MD);
    AtomicFiles.writeString(markdown, "# " + study.name() + "\n\n" + summary.toMarkdown());
    written.add(markdown);
    Path csv = directory.resolve(SUMMARY_CSV);
    AtomicFiles.writeString(csv, summary.toCsv());
    written.add(csv);
    Path html = directory.resolve(REPORT_HTML);
    AtomicFiles.writeString(html, Html.page(study, summary, figures));
    written.add(html);
    return new Report(directory, !study.singleRun(), written, summary.toText());
  }

  /**
   * The summary of a run or sweep, read but not written: for a console that only wants the table.
   */
  public static Summary summarize(Path directory) {
    return Summary.of(RunDirectoryReader.read(requireNonNull(directory, "directory is null")));
  }
}
