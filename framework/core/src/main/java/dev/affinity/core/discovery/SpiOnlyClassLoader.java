package dev.affinity.core.discovery;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin class loader: it shows a plugin the JDK plus the packages a plugin may share
 * with the runner (the SPI, DJL, SLF4J, jakarta.inject) and nothing else, so a plugin's own dependencies
 * never clash with the runner's or another plugin's, and DJL's native library is loaded once.
 */
final class SpiOnlyClassLoader extends ClassLoader {

  /** Package prefixes a plugin shares with the runner. */
  static final List<String> SHARED_PACKAGES =
      List.of("dev.affinity.spi.", "ai.djl.", "org.slf4j.", "jakarta.inject.");

  private final ClassLoader runner;

  SpiOnlyClassLoader(ClassLoader runner) {
    super("affinity-plugin-parent", ClassLoader.getPlatformClassLoader());
    this.runner = requireNonNull(runner, "runner is null");
  }

  static {
    registerAsParallelCapable();
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (shared(name)) {
      return runner.loadClass(name);
    }
    throw new ClassNotFoundException(name + " (plugins see only the JDK, the Affinity SPI, DJL, SLF4J and their own jar)");
  }

  @Override
  protected URL findResource(String name) {
    return shared(name.replace('/', '.')) ? runner.getResource(name) : null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    return shared(name.replace('/', '.')) ? runner.getResources(name) : Collections.emptyEnumeration();
  }

  private static boolean shared(String name) {
    for (String prefix : SHARED_PACKAGES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
