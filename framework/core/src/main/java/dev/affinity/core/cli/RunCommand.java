package dev.affinity.core.cli;

import dev.affinity.core.discovery.PluginRegistry;
import dev.affinity.core.experiment.ChildProcesses;
import dev.affinity.core.experiment.SweepRunner;
import dev.affinity.core.manifest.ManifestException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code affinity run}: train and evaluate every variant and seed of a manifest, or resume. */
@Command(name = "run", description = {
    "Train and evaluate every variant of a manifest with every seed; or --resume a killed sweep or run.",
    "Each run gets its own directory in a new sweep directory under --out, which ends with summary.md,",
    "summary.csv and report.html."})
final class RunCommand implements Callable<Integer> {

  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MANIFEST", description = "The manifest file.")
  Path manifest;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key, such as training.epochs=3; repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "Where sweep directories go (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("runs");

  @Option(names = "--variant", paramLabel = "NAME", description = "Run only this variant; repeatable.")
  List<String> variants = new ArrayList<>();

  @Option(names = "--seeds", paramLabel = "N,N", split = ",", description = "Run these seeds instead of the manifest's.")
  List<Long> seeds = new ArrayList<>();

  @Option(names = "--parallel", paramLabel = "N", description = "Runs at once, each in its own process (default: 1).")
  int parallel = 1;

  @Option(names = "--resume", paramLabel = "DIR", description = "Continue the sweep or run in DIR from its last checkpoint.")
  Path resume;

  @Override
  public Integer call() throws IOException, ManifestException {
    if ((manifest == null) == (resume == null)) {
      throw new UsageException("give either a MANIFEST to run or --resume DIR, not " + (manifest == null ? "neither" : "both"));
    }
    if (parallel < 1) {
      throw new UsageException("--parallel must be at least 1, was " + parallel);
    }
    PluginRegistry registry = options.discover(spec.commandLine().getErr());
    List<String> childArguments = new ArrayList<>();
    options.pluginFolders.forEach(f -> childArguments.addAll(List.of("--plugins", f.toAbsolutePath().toString())));
    SweepRunner runner = new SweepRunner(registry, new ChildProcesses(JavaCommand.current(), childArguments), System.out);
    SweepRunner.Outcome outcome;
    try {
      outcome = resume != null ? runner.resume(resume, parallel)
          : runner.start(manifest, overrides, variants, seeds, out, parallel);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    if (!outcome.failed().isEmpty()) {
      outcome.failed().forEach(f -> spec.commandLine().getErr().println("failed: " + f));
      spec.commandLine().getErr().flush();
      return Main.FAILURE;
    }
    return 0;
  }
}
