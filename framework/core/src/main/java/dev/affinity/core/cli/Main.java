package dev.affinity.core.cli;

import dev.affinity.core.manifest.ManifestException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code affinity} command. Exit codes: 0 success; 2 bad input (arguments, manifest, plugin loading,
 * data files), printed without a stack trace unless {@code --verbose}; 1 a failure during a run.
 */
@Command(
    name = "affinity",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Deep metric learning with graph attention: train, evaluate and compare from YAML manifests.",
    subcommands = {PluginsCommand.class, ValidateCommand.class, RunCommand.class, EvaluateCommand.class,
        ReportCommand.class, DatasetCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Bad input: exit code 2. */
  public static final int BAD_INPUT = 2;
  /** A failure during a run: exit code 1. */
  public static final int FAILURE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      CommandLine.ParseResult innermost = parseResult;
      while (innermost.subcommand() != null) {
        innermost = innermost.subcommand();
      }
      boolean verbose = innermost.hasMatchedOption("--verbose");
      int code = e instanceof ManifestException || e instanceof UsageException ? BAD_INPUT : FAILURE;
      commandLine.getErr().println(code == BAD_INPUT ? e.getMessage() : "error: " + e.getMessage());
      if (verbose) {
        e.printStackTrace(commandLine.getErr());
      } else if (code == FAILURE) {
        commandLine.getErr().println("(run again with --verbose for the stack trace)");
      }
      commandLine.getErr().flush();
      return code;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar's manifest, when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"affinity " + (v == null ? "(development build)" : v)
          + ", plugin SPI " + dev.affinity.spi.SpiVersion.CURRENT};
    }
  }
}
