package dev.affinity.core.cli;

import dev.affinity.core.manifest.Experiment;
import dev.affinity.core.manifest.ManifestException;
import dev.affinity.core.manifest.ManifestLoader;
import dev.affinity.core.manifest.RunPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code affinity validate MANIFEST}: a one-line summary, or every problem. */
@Command(name = "validate", description = "Check a manifest without running it.")
final class ValidateCommand implements Callable<Integer> {

  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MANIFEST", description = "The manifest file.")
  Path manifest;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key, such as training.epochs=3; repeatable.")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws ManifestException {
    Experiment experiment = new ManifestLoader(options.discover(spec.commandLine().getErr())).load(manifest, overrides);
    String variants = experiment.variants().stream().map(RunPlan::variant).collect(Collectors.joining(", "));
    int runs = experiment.variants().size() * experiment.seeds().size();
    spec.commandLine().getOut().printf("%s: valid: '%s', %s (%s) x %s = %s%n", manifest, experiment.name(),
        count(experiment.variants().size(), "variant"), variants, count(experiment.seeds().size(), "seed"),
        count(runs, "run"));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
