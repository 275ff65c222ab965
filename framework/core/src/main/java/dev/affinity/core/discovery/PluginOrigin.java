package dev.affinity.core.discovery;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a plugin came from: the runner's own class path ("bundled") or a jar in a plugins folder.
 *
 * @param jar the jar, or null for a bundled plugin
 */
public record PluginOrigin(Path jar) {

  /** The runner's class path. */
  public static final PluginOrigin BUNDLED = new PluginOrigin(null);

  /** The jar, when the plugin was dropped into a plugins folder. */
  public Optional<Path> jarFile() {
    return Optional.ofNullable(jar);
  }

  @Override
  public String toString() {
    return jar == null ? "bundled" : jar.toString();
  }
}
