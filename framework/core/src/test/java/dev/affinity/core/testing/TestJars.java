package dev.affinity.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars in tests: compiles Java sources against the test class path with javac (so the
 * SPI's annotation processor runs and stamps them, as in a plugin author's build) and packs the classes.
 */
public final class TestJars {

  private TestJars() {}

  /**
   * Compiles the sources and writes a jar.
   *
   * @param work a scratch folder
   * @param jar the jar to write
   * @param sources class name (binary, such as {@code test.Foo}) to Java source
   * @param extraEntries more jar entries, path to content (a stamp file, say); replaces compiled ones
   */
  public static Path build(Path work, Path jar, Map<String, String> sources, Map<String, String> extraEntries)
      throws IOException {
    Path src = Files.createTempDirectory(work, "src");
    Path classes = Files.createTempDirectory(work, "classes");
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
    }
    StringWriter diagnostics = new StringWriter();
    int result = compile(src, classes, diagnostics);
    assertThat(result).as("javac: %s", diagnostics).isZero();
    for (Map.Entry<String, String> entry : extraEntries.entrySet()) {
      Path file = classes.resolve(entry.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, entry.getValue());
    }
    return pack(classes, jar);
  }

  /** Packs a folder of classes and resources into a jar, as {@code mvn package} does. */
  public static Path pack(Path classes, Path jar) throws IOException {
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return jar;
  }

  /** The example plugin (plugins/example-attention), packed into a jar as its own build packs it. */
  public static Path examplePlugin(Path jar) throws IOException {
    return pack(Path.of(System.getProperty("affinity.examplePluginClasses")), jar);
  }

  /** Compiles every source under {@code src} into {@code classes}; returns javac's exit code. */
  public static int compile(Path src, Path classes, StringWriter diagnostics) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of(
        "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "--release", "17"));
    try (Stream<Path> walk = Files.walk(src)) {
      walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(args::add);
    }
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    int code = javac.run(null, messages, messages, args.toArray(String[]::new));
    diagnostics.write(messages.toString());
    return code;
  }
}
