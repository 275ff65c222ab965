package dev.affinity.core.cli;

import ai.djl.Device;
import com.google.inject.Guice;
import dev.affinity.core.data.DatasetExporter;
import dev.affinity.core.discovery.PluginConstructor;
import dev.affinity.core.discovery.PluginDescriptor;
import dev.affinity.core.discovery.PluginRegistry;
import dev.affinity.core.manifest.ManifestException;
import dev.affinity.core.manifest.PluginChoice;
import dev.affinity.core.manifest.Problem;
import dev.affinity.core.manifest.RecordBinder;
import dev.affinity.core.manifest.SourcedTree;
import dev.affinity.core.wiring.PluginInstantiator;
import dev.affinity.core.wiring.PluginModule;
import dev.affinity.spi.PluginKind;
import dev.affinity.spi.data.DatasetLoader;
import dev.affinity.spi.data.DatasetSplits;
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

/** {@code affinity dataset export NAME DIR}: a data set's images as an image folder, to look at. */
@Command(name = "dataset", description = "Work with data set plugins.", subcommands = DatasetCommand.Export.class)
final class DatasetCommand {

  @Command(name = "export", description = {
      "Write a data set's images as DIR/<split>/<class>/<n>.png, so a person can look at them.",
      "Example: affinity dataset export cub200 /tmp/cub --param root=/data"})
  static final class Export implements Callable<Integer> {

    @Mixin CommonOptions options;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The data set plugin.")
    String name;

    @Parameters(index = "1", paramLabel = "DIR", description = "An empty or new folder.")
    Path dir;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A setting of the data set, such as root=/data; repeatable.")
    List<String> params = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      PluginRegistry registry = options.discover(spec.commandLine().getErr());
      PluginDescriptor plugin;
      try {
        plugin = registry.require(PluginKind.DATASET, name);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
      PluginChoice choice = new PluginChoice(plugin, settings(plugin));
      DatasetLoader loader = PluginInstantiator.forRun(Guice.createInjector(new PluginModule(registry)), 0, Device.cpu())
          .create(choice, DatasetLoader.class);
      DatasetSplits splits;
      int written;
      try {
        splits = loader.load();
        written = DatasetExporter.export(splits, dir);
      } catch (java.io.IOException e) {
        throw new UsageException(e.getMessage(), e);
      }
      spec.commandLine().getOut().printf("%s: wrote %d images into %s%n", name, written, dir);
      spec.commandLine().getOut().flush();
      return 0;
    }

    /** The settings from --param KEY=VALUE, bound and validated like a manifest's params. */
    private Record settings(PluginDescriptor plugin) throws ManifestException {
      PluginConstructor constructor = PluginConstructor.of(plugin.type());
      if (constructor.settings().isEmpty()) {
        return null;
      }
      StringBuilder yaml = new StringBuilder();
      for (String param : params) {
        int eq = param.indexOf('=');
        if (eq <= 0) {
          throw new UsageException("--param " + param + ": expected KEY=VALUE, such as root=/data");
        }
        yaml.append(param, 0, eq).append(": ").append(param.substring(eq + 1)).append('\n');
      }
      SourcedTree tree = SourcedTree.parse(yaml.toString(), "--param");
      List<Problem> problems = new ArrayList<>();
      Record settings = bind(tree, constructor, problems);
      if (!problems.isEmpty()) {
        throw new ManifestException(problems);
      }
      return settings;
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> R bind(SourcedTree tree, PluginConstructor constructor, List<Problem> problems) {
      return RecordBinder.bind(tree, "", (Class<R>) constructor.settingsType(),
          (R) constructor.defaultSettings().orElse(null), problems).orElse(null);
    }
  }
}
