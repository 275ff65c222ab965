package dev.affinity.core.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import dev.affinity.core.discovery.PluginConstructor;
import dev.affinity.core.discovery.PluginDescriptor;
import dev.affinity.core.discovery.PluginRegistry;
import dev.affinity.core.evaluation.Evaluation;
import dev.affinity.core.evaluation.EvaluationException;
import dev.affinity.core.evaluation.Evaluator;
import dev.affinity.core.evaluation.NearestNeighbours.Distance;
import dev.affinity.core.manifest.PluginChoice;
import dev.affinity.core.training.Devices;
import dev.affinity.core.wiring.PluginInstantiator;
import dev.affinity.core.wiring.PluginModule;
import dev.affinity.spi.PluginKind;
import dev.affinity.spi.metric.RetrievalMetric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code affinity evaluate EMBEDDINGS LABELS}: the metrics of embeddings made anywhere, as one JSON object. */
@Command(name = "evaluate", description = {
    "Print the metrics of embeddings made anywhere as one JSON object.",
    "EMBEDDINGS: a CSV (one row per item) or NumPy .npy file; LABELS: one per line, or .npy.",
    "Keys: recall_at_1/2/4/8, precision_at_1, r_precision, map_at_r, nmi."})
final class EvaluateCommand implements Callable<Integer> {

  static final List<String> DEFAULT_METRICS = List.of("recall_at_k", "precision_at_1", "r_precision", "map_at_r", "nmi");

  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EMBEDDINGS", description = "CSV or .npy, one row per item.")
  Path embeddings;

  @Parameters(index = "1", paramLabel = "LABELS", description = "One integer label per line, or .npy.")
  Path labels;

  @Option(names = "--metrics", split = ",", paramLabel = "NAME,NAME",
      description = "Metric plugins, with their default settings (default: ${DEFAULT-VALUE}).")
  List<String> metrics = new ArrayList<>(DEFAULT_METRICS);

  @Option(names = "--distance", paramLabel = "euclidean|cosine", description = "Default: euclidean, on L2-normalized rows.")
  String distance = "euclidean";

  @Option(names = "--seed", description = "Seed of k-means (NMI). Default: ${DEFAULT-VALUE}.")
  long seed = 0;

  @Override
  public Integer call() throws Exception {
    Distance chosen = switch (distance.toLowerCase(java.util.Locale.ROOT)) {
      case "euclidean" -> Distance.EUCLIDEAN;
      case "cosine" -> Distance.COSINE;
      default -> throw new UsageException("--distance must be euclidean or cosine, was " + distance);
    };
    PluginRegistry registry = options.discover(spec.commandLine().getErr());
    Device device = Devices.resolve("auto");
    PluginInstantiator plugins = PluginInstantiator.forRun(Guice.createInjector(new PluginModule(registry)), seed, device);
    List<RetrievalMetric> chosenMetrics = new ArrayList<>();
    for (String name : metrics) {
      PluginDescriptor plugin;
      try {
        plugin = registry.require(PluginKind.METRIC, name.trim());
      } catch (IllegalArgumentException e) {
        throw new UsageException("--metrics: " + e.getMessage(), e);
      }
      Record settings = PluginConstructor.of(plugin.type()).defaultSettings().orElse(null);
      chosenMetrics.add(plugins.create(new PluginChoice(plugin, settings), RetrievalMetric.class));
    }
    Map<String, Double> scores;
    try {
      scores = Evaluation.of(embeddings, labels).evaluate(
          Evaluator.builder().metrics(chosenMetrics).distance(chosen).seed(seed).build(), device);
    } catch (EvaluationException e) {
      throw new UsageException(e.getMessage(), e);
    }
    spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(scores));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
