package dev.affinity.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code affinity plugins} and {@code affinity report} through the real command line. */
class PluginsCommandTest {

  @TempDir Path work;

  @Test
  void listsTheBundledPluginsOfEveryKind() {
    StringWriter out = new StringWriter();

    int code = Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "plugins");

    assertThat(code).isZero();
    assertThat(out.toString().lines().findFirst()).hasValueSatisfying(header ->
        assertThat(header).matches("KIND +NAME +DESCRIPTION +ORIGIN"));
    for (String row : new String[] {"attention +dot-product ", "attention +gat ", "attention +gatv2 ",
        "backbone +resnet50 ", "backbone +small-cnn ", "dataset +cub200 ", "dataset +synthetic-shapes ",
        "sampler +class-balanced ", "loss +label-smoothed-ce ", "loss +proxy-anchor ", "metric +recall_at_k ",
        "metric +nmi "}) {
      assertThat(out.toString()).containsPattern("(?m)^" + row + ".* bundled$");
    }
  }

  @Test
  void aJarThatCannotBeLoadedIsReportedAndTheExitCodeIsTwo() throws Exception {
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    Files.writeString(plugins.resolve("broken.jar"), "not a zip");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "plugins", "--plugins", plugins.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("plugin not loaded: " + plugins.resolve("broken.jar").toAbsolutePath()
        + ": broken.jar: not a readable jar (");
    // Everything else is still listed.
    assertThat(out.toString()).contains("dot-product");
  }

  @Test
  void aReportOfAFolderThatIsNoRunIsBadInputSayingWhatWasExpected() throws Exception {
    StringWriter err = new StringWriter();

    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "report", work.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(work.toString())
        .contains("expected a run directory (with run.json) or a sweep directory (with sweep.json)");
  }
}
