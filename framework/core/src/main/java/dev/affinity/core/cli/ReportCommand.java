package dev.affinity.core.cli;

import dev.affinity.core.report.ReportException;
import dev.affinity.core.report.Reports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code affinity report DIR}: summary tables and report.html for a run or a sweep. */
@Command(name = "report", description = "Write summary.md, summary.csv and report.html (with figures) for a run or sweep directory.")
final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A sweep directory or a run directory.")
  Path directory;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    Reports.Report report;
    try {
      report = Reports.write(directory);
    } catch (ReportException e) {
      throw new UsageException(e.getMessage(), e);
    }
    spec.commandLine().getOut().print(report.summary());
    spec.commandLine().getOut().println("report: " + directory.resolve(Reports.REPORT_HTML));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
