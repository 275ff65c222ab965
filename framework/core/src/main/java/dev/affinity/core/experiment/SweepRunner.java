package dev.affinity.core.experiment;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.affinity.core.discovery.PluginRegistry;
import dev.affinity.core.io.AtomicFiles;
import dev.affinity.core.io.RunFiles;
import dev.affinity.core.manifest.Experiment;
import dev.affinity.core.manifest.ManifestException;
import dev.affinity.core.manifest.ManifestLoader;
import dev.affinity.core.manifest.RecordBinder;
import dev.affinity.core.manifest.RunPlan;
import dev.affinity.core.report.Reports;
import dev.affinity.core.training.Devices;
import dev.affinity.core.training.ProgressReporter;
import dev.affinity.core.training.Trainer;
import dev.affinity.core.wiring.PluginInstantiator;
import dev.affinity.core.wiring.PluginModule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every variant of a manifest with every seed, each in its own run directory of a new sweep
 * directory, one after another in this process (DJL allows one gradient collector per JVM) or in child
 * processes; then writes the summary and the report.
 *
 * <p>A sweep directory holds a copy of the manifest and the overrides it ran with ({@code sweep.json}), so
 * {@code --resume} rebuilds exactly the same plans. A finished run is never run again or overwritten.
 */
public final class SweepRunner {

  private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(
      new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  private static final String MANIFEST_COPY = "manifest.yaml";

  private final PluginRegistry registry;
  private final Injector plugins;
  private final ChildProcesses children;
  private final PrintStream console;

  /**
   * @param registry the plugins
   * @param children how to start child processes for {@code --parallel}
   * @param console where the summary table goes
   */
  public SweepRunner(PluginRegistry registry, ChildProcesses children, PrintStream console) {
    this.registry = requireNonNull(registry, "registry is null");
    this.plugins = Guice.createInjector(new PluginModule(registry));
    this.children = requireNonNull(children, "children is null");
    this.console = requireNonNull(console, "console is null");
  }

  /**
   * What a sweep did.
   *
   * @param directory the sweep directory
   * @param failed the runs that failed, as "variant seed N: message"
   */
  public record Outcome(Path directory, List<String> failed) {}

  /**
   * Starts a new sweep.
   *
   * @param variants the variants to run, or empty for all
   * @param seeds the seeds to run, or empty for the manifest's
   * @param parallel how many runs at once, each in its own process; 1 runs them here
   */
  public Outcome start(Path manifest, List<String> overrides, List<String> variants, List<Long> seeds, Path out,
      int parallel) throws IOException, ManifestException {
    Experiment experiment = new ManifestLoader(registry).load(manifest, overrides);
    List<RunPlan> plans = select(experiment, variants);
    List<Long> chosenSeeds = seeds.isEmpty() ? experiment.seeds() : seeds;
    Path sweep = RunDirectories.newSweep(out, experiment.name(), LocalDateTime.now());
    Files.copy(manifest, sweep.resolve(MANIFEST_COPY));
    ObjectNode info = JSON.createObjectNode();
    info.put("name", experiment.name());
    info.put("baseline", plans.stream().anyMatch(p -> p.variant().equals(experiment.baseline()))
        ? experiment.baseline() : plans.get(0).variant());
    plans.forEach(p -> info.withArray("variants").add(p.variant()));
    chosenSeeds.forEach(s -> info.withArray("seeds").add(s));
    overrides.forEach(o -> info.withArray("overrides").add(o));
    info.put("manifest", MANIFEST_COPY);
    AtomicFiles.writeString(sweep.resolve(RunFiles.SWEEP_JSON), JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsString(info) + "\n");
    LOG.info("sweep {}: {} variant(s) x {} seed(s) in {}", experiment.name(), plans.size(), chosenSeeds.size(), sweep);
    return runAll(sweep, parallel);
  }

  /**
   * Continues a sweep (every run not finished) or one run of it.
   *
   * @param directory a sweep directory, or a run directory inside one
   */
  public Outcome resume(Path directory, int parallel) throws IOException, ManifestException {
    if (Files.isRegularFile(directory.resolve(RunFiles.SWEEP_JSON))) {
      return runAll(directory, parallel);
    }
    Path sweep = directory.toAbsolutePath().normalize().getParent() == null ? null
        : directory.toAbsolutePath().normalize().getParent().getParent();
    String seedName = directory.getFileName().toString();
    if (sweep == null || !Files.isRegularFile(sweep.resolve(RunFiles.SWEEP_JSON)) || !seedName.startsWith("seed-")) {
      throw new IllegalArgumentException(directory + ": not a sweep directory (with " + RunFiles.SWEEP_JSON
          + ") nor a run directory VARIANT/seed-N inside one");
    }
    String variant = directory.toAbsolutePath().normalize().getParent().getFileName().toString();
    long seed = Long.parseLong(seedName.substring("seed-".length()));
    Experiment experiment = reload(sweep, JSON.readTree(sweep.resolve(RunFiles.SWEEP_JSON).toFile()));
    RunPlan plan = experiment.variant(variant).orElseThrow(() -> new IllegalArgumentException(
        directory + ": the sweep has no variant '" + variant + "'"));
    List<String> failed = new ArrayList<>();
    runOne(sweep, plan, seed, failed);
    return new Outcome(sweep, failed);
  }

  private Outcome runAll(Path sweep, int parallel) throws IOException, ManifestException {
    JsonNode info = JSON.readTree(sweep.resolve(RunFiles.SWEEP_JSON).toFile());
    Experiment experiment = reload(sweep, info);
    List<RunPlan> plans = new ArrayList<>();
    info.get("variants").forEach(v -> plans.add(experiment.variant(v.asText()).orElseThrow()));
    List<Long> seeds = new ArrayList<>();
    info.get("seeds").forEach(s -> seeds.add(s.asLong()));
    List<String> failed = new ArrayList<>();
    if (parallel > 1) {
      List<Path> runs = new ArrayList<>();
      plans.forEach(p -> seeds.forEach(s -> runs.add(RunDirectories.run(sweep, p.variant(), s))));
      failed.addAll(children.runAll(runs.stream().filter(r -> !finished(r)).toList(), parallel));
    } else {
      for (RunPlan plan : plans) {
        for (long seed : seeds) {
          runOne(sweep, plan, seed, failed);
        }
      }
    }
    Reports.Report report = Reports.write(sweep);
    console.println();
    console.print(report.summary());
    console.println("report: " + sweep.resolve(Reports.REPORT_HTML));
    return new Outcome(sweep, failed);
  }

  /** The sweep's plans, rebuilt from its copy of the manifest and the overrides {@code info} records. */
  private Experiment reload(Path sweep, JsonNode info) throws IOException, ManifestException {
    List<String> overrides = new ArrayList<>();
    if (info.has("overrides")) {
      info.get("overrides").forEach(o -> overrides.add(o.asText()));
    }
    return new ManifestLoader(registry).load(sweep.resolve(info.path("manifest").asText(MANIFEST_COPY)), overrides);
  }

  private static boolean finished(Path run) {
    try {
      Path file = run.resolve(RunFiles.RUN_JSON);
      return Files.exists(file) && "finished".equals(JSON.readTree(file.toFile()).path("status").asText());
    } catch (IOException e) {
      return false;
    }
  }

  private void runOne(Path sweep, RunPlan plan, long seed, List<String> failed) throws IOException {
    Path dir = RunDirectories.run(sweep, plan.variant(), seed);
    if (finished(dir)) {
      LOG.info("{} seed {}: already finished in {}; left as it is", plan.variant(), seed, dir);
      return;
    }
    boolean resume = Files.exists(dir.resolve(RunFiles.CHECKPOINT));
    Files.createDirectories(dir);
    ObjectNode resolved = plan.resolved().deepCopy();
    resolved.putArray("seeds").add(seed);
    AtomicFiles.writeString(dir.resolve(RunFiles.RESOLVED_YAML), YAML.writeValueAsString(resolved));
    ObjectNode info = runInfo(plan, seed);
    info.put("status", "running");
    AtomicFiles.writeString(dir.resolve(RunFiles.RUN_JSON), info.toPrettyString() + "\n");
    String label = plan.variant() + " seed " + seed;
    try (RunLog log = new RunLog(dir.resolve(RunFiles.RUN_LOG))) {
      LOG.info("{}: {} in {}", label, resume ? "resuming" : "starting", dir);
      Device device = Devices.resolve(plan.manifest().device().name().toLowerCase(Locale.ROOT));
      PluginInstantiator instantiator = PluginInstantiator.forRun(plugins, seed, device);
      Trainer.Outcome outcome = new Trainer(plan, seed, device, dir, instantiator,
          ProgressReporter.forConsole(label, System.err)).run(resume);
      info.put("status", "finished");
      info.put("best_epoch", outcome.bestEpoch());
      LOG.info("{}: finished; {}", label, outcome.metrics());
    } catch (RuntimeException | IOException e) {
      info.put("status", "failed");
      info.put("error", String.valueOf(e.getMessage()));
      LOG.error("{}: failed: {}", label, e.getMessage(), e);
      failed.add(label + ": " + e.getMessage());
    }
    AtomicFiles.writeString(dir.resolve(RunFiles.RUN_JSON), info.toPrettyString() + "\n");
  }

  private static ObjectNode runInfo(RunPlan plan, long seed) {
    ObjectNode info = JSON.createObjectNode();
    info.put("variant", plan.variant());
    info.put("seed", seed);
    if (plan.attention() != null) {
      info.put("attention", plan.attention().name());
      JsonNode softmax = plan.attention().settingsRecord().map(RecordBinder::toTree)
          .map(t -> t.get("softmax")).orElse(null);
      if (softmax != null) {
        info.put("softmax", softmax.asText());
      }
    } else {
      info.putNull("attention");
    }
    info.put("selection", plan.manifest().evaluation().selectOn().name().toLowerCase(Locale.ROOT));
    return info;
  }

  private static List<RunPlan> select(Experiment experiment, List<String> variants) {
    if (variants.isEmpty()) {
      return experiment.variants();
    }
    List<RunPlan> chosen = new ArrayList<>();
    for (String name : variants) {
      chosen.add(experiment.variant(name).orElseThrow(() -> new IllegalArgumentException(
          "--variant " + name + ": the manifest has no such variant; it has "
              + String.join(", ", experiment.variants().stream().map(RunPlan::variant).toList()))));
    }
    return chosen;
  }
}
