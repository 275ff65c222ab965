package dev.affinity.core.cli;

import dev.affinity.core.discovery.LoadProblem;
import dev.affinity.core.discovery.PluginDiscovery;
import dev.affinity.core.discovery.PluginRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command that loads plugins shares. */
final class CommonOptions {

  /** The plugins folder every command looks in, besides those given. */
  static final Path DEFAULT_PLUGINS = Path.of("plugins");

  @Option(names = "--plugins", paramLabel = "DIR",
      description = "A folder of plugin jars, besides ./plugins; repeatable.")
  List<Path> pluginFolders = new ArrayList<>();

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  /** Discovers plugins and reports what could not be loaded on {@code err}. */
  PluginRegistry discover(PrintWriter err) {
    List<Path> folders = new ArrayList<>();
    folders.add(DEFAULT_PLUGINS);
    folders.addAll(pluginFolders);
    PluginRegistry registry = PluginDiscovery.discover(folders);
    for (LoadProblem problem : registry.problems()) {
      err.println("plugin not loaded: " + problem);
    }
    err.flush();
    return registry;
  }
}
