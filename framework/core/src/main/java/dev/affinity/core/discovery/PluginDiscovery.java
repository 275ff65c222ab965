package dev.affinity.core.discovery;

import dev.affinity.spi.PluginKind;
import dev.affinity.spi.SpiVersion;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins: the annotated classes on the runner's class path ("bundled") and in every jar of the
 * plugin folders, each jar in its own class loader.
 *
 * <p>Every failure is recorded as a {@link LoadProblem} that names the jar and the class, and discovery
 * goes on: one broken jar never hides the others.
 */
public final class PluginDiscovery {

  private static final Logger LOG = LoggerFactory.getLogger(PluginDiscovery.class);

  private final ClassLoader runner;
  private final List<PluginDescriptor> found = new ArrayList<>();
  private final List<LoadProblem> problems = new ArrayList<>();

  private PluginDiscovery(ClassLoader runner) {
    this.runner = runner;
  }

  /**
   * Scans the runner's class path and the jars in the given folders; a folder that does not exist is
   * skipped (the default {@code ./plugins} usually does not).
   *
   * @param pluginFolders folders whose {@code *.jar} files are plugin jars, in order
   * @return the registry, with the problems met
   */
  public static PluginRegistry discover(List<Path> pluginFolders) {
    PluginDiscovery discovery = new PluginDiscovery(PluginDiscovery.class.getClassLoader());
    discovery.scanBundled();
    for (Path folder : pluginFolders) {
      discovery.scanFolder(folder);
    }
    return new PluginRegistry(discovery.found, discovery.problems);
  }

  private void scanBundled() {
    Properties stamps = new Properties();
    try {
      Enumeration<URL> files = runner.getResources(SpiVersion.STAMP_RESOURCE);
      while (files.hasMoreElements()) {
        try (InputStream in = files.nextElement().openStream()) {
          stamps.load(in);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SpiVersion.STAMP_RESOURCE + " from the class path", e);
    }
    try (ScanResult scan = new ClassGraph().enableAnnotationInfo().overrideClassLoaders(runner)
        .rejectPackages("ai.djl", "com.google", "com.fasterxml", "org.yaml", "ch.qos", "org.slf4j", "picocli",
            "io.github.classgraph", "org.knowm", "us.hebi", "me.tongfei", "org.jline", "de.rototor", "com.madgag",
            "org.junit", "org.assertj", "net.bytebuddy", "org.opentest4j", "org.apiguardian")
        .scan()) {
      register(scan, runner, PluginOrigin.BUNDLED, stamps);
    }
  }

  private void scanFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      LOG.debug("plugin folder {} does not exist; skipped", folder);
      return;
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(folder)) {
      jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      problems.add(new LoadProblem(PluginOrigin.BUNDLED, folder.toString(), "cannot list the plugin folder: " + e));
      return;
    }
    ClassLoader parent = new SpiOnlyClassLoader(runner);
    for (Path jar : jars) {
      scanJar(jar.toAbsolutePath().normalize(), parent);
    }
  }

  private void scanJar(Path jar, ClassLoader parent) {
    PluginOrigin origin = new PluginOrigin(jar);
    Properties stamps = new Properties();
    try (JarFile file = new JarFile(jar.toFile())) {
      var entry = file.getJarEntry(SpiVersion.STAMP_RESOURCE);
      if (entry != null) {
        try (InputStream in = file.getInputStream(entry)) {
          stamps.load(in);
        }
      }
    } catch (IOException e) {
      problems.add(new LoadProblem(origin, jar.getFileName().toString(),
          "not a readable jar (" + e.getMessage() + "); expected a zip file built by `mvn package`"));
      return;
    }
    URLClassLoader loader;
    try {
      loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
    } catch (MalformedURLException e) {
      problems.add(new LoadProblem(origin, jar.toString(), "cannot make a URL of the path: " + e.getMessage()));
      return;
    }
    // The loader stays open for as long as the plugin classes live: the life of the process.
    try (ScanResult scan = new ClassGraph().enableAnnotationInfo().overrideClassLoaders(loader)
        .ignoreParentClassLoaders().scan()) {
      int before = found.size();
      register(scan, loader, origin, stamps);
      if (found.size() == before && problems.stream().noneMatch(p -> p.origin().equals(origin))) {
        problems.add(new LoadProblem(origin, jar.getFileName().toString(),
            "holds no plugin: no public class carries an Affinity plugin annotation"));
      }
    } catch (RuntimeException e) {
      problems.add(new LoadProblem(origin, jar.getFileName().toString(), "cannot scan the jar: " + e));
    }
  }

  private void register(ScanResult scan, ClassLoader loader, PluginOrigin origin, Properties stamps) {
    for (PluginKind kind : PluginKind.values()) {
      for (ClassInfo info : scan.getClassesWithAnnotation(kind.annotation().getName())) {
        PluginDescriptor descriptor = load(kind, info.getName(), loader, origin, stamps.getProperty(info.getName()));
        if (descriptor != null) {
          found.add(descriptor);
        }
      }
    }
  }

  private PluginDescriptor load(
      PluginKind kind, String className, ClassLoader loader, PluginOrigin origin, String stamp) {
    if (stamp != null && !SpiVersion.accepts(stamp)) {
      problems.add(new LoadProblem(origin, className,
          "compiled against affinity-spi " + stamp + ", which this runner (affinity-spi " + SpiVersion.CURRENT
              + ") cannot run; rebuild the plugin against affinity-spi " + SpiVersion.CURRENT));
      return null;
    }
    Class<?> type;
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      problems.add(new LoadProblem(origin, className, "cannot load the class: " + e));
      return null;
    } finally {
      thread.setContextClassLoader(previous);
    }
    Annotation marker = type.getAnnotation(kind.annotation());
    String problem = checkShape(kind, type);
    if (problem != null) {
      problems.add(new LoadProblem(origin, className, problem));
      return null;
    }
    if (stamp == null) {
      LOG.warn("{}: {} carries no SPI version stamp (compiled without annotation processing?); loading it anyway",
          origin, className);
    }
    return new PluginDescriptor(kind, kind.nameOf(marker), kind.descriptionOf(marker), type, origin, stamp);
  }

  /** What makes a class unusable as a plugin of the kind, or null when it is usable. */
  private static String checkShape(PluginKind kind, Class<?> type) {
    String at = "@" + kind.annotation().getSimpleName();
    if (!kind.contract().isAssignableFrom(type)) {
      return at + " class does not implement " + kind.contract().getName();
    }
    if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
      return at + " class must be public and concrete";
    }
    if (!PluginKind.NAME.matcher(kind.nameOf(type.getAnnotation(kind.annotation()))).matches()) {
      return at + " name must match " + PluginKind.NAME.pattern();
    }
    try {
      PluginConstructor.of(type);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    } catch (LinkageError e) {
      return "cannot link the class: " + e;
    }
    return null;
  }
}
