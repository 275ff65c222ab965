package dev.affinity.core.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** The command line that starts this program again: for child processes of {@code run --parallel}. */
final class JavaCommand {

  private JavaCommand() {}

  static List<String> current() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    // The same JVM options (heap, system properties such as DJL_CACHE_DIR and ai.djl.offline).
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    return command;
  }
}
