package dev.affinity.core.cli;

import dev.affinity.core.discovery.PluginDescriptor;
import dev.affinity.core.discovery.PluginRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code affinity plugins}: the registry as a table. */
@Command(name = "plugins", description = "List every plugin found: kind, name, description, origin.")
final class PluginsCommand implements Callable<Integer> {

  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PluginRegistry registry = options.discover(spec.commandLine().getErr());
    List<PluginDescriptor> plugins = registry.all();
    String[] header = {"KIND", "NAME", "DESCRIPTION", "ORIGIN"};
    int[] width = {header[0].length(), header[1].length(), header[2].length()};
    for (PluginDescriptor p : plugins) {
      width[0] = Math.max(width[0], p.kind().label().length());
      width[1] = Math.max(width[1], p.name().length());
      width[2] = Math.max(width[2], p.description().length());
    }
    String format = "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n";
    out.printf(format, (Object[]) header);
    for (PluginDescriptor p : plugins) {
      out.printf(format, p.kind().label(), p.name(), p.description(), p.origin());
    }
    out.flush();
    return registry.problems().isEmpty() ? 0 : Main.BAD_INPUT;
  }
}
