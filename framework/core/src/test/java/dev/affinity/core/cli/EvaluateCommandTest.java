package dev.affinity.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code affinity evaluate} through the real command line and the bundled metric plugins. */
class EvaluateCommandTest {

  @TempDir Path work;

  private int evaluate(StringWriter out, StringWriter err, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "evaluate";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.execute(new PrintWriter(out), new PrintWriter(err), all);
  }

  @Test
  void twoSeparatedClassesScorePerfectlyAndPrintOneJsonObject() throws Exception {
    // Class 0 points at (1, 0), class 1 at (0, 1), three items each: every item's nearest neighbours are its
    // own class first, so every ranking metric is 1 (R = 2 for everyone), and k-means (K = 2) recovers the
    // classes exactly, so NMI is 1.
    Path embeddings = Files.writeString(work.resolve("e.csv"),
        "1.0,0.0\n0.9,0.1\n0.95,0.05\n0.0,1.0\n0.1,0.9\n0.05,0.95\n");
    Path labels = Files.writeString(work.resolve("l.txt"), "0\n0\n0\n1\n1\n1\n");
    StringWriter out = new StringWriter();

    int code = evaluate(out, new StringWriter(), embeddings.toString(), labels.toString());

    assertThat(code).isZero();
    assertThat(out.toString().trim()).isEqualTo("{\"recall_at_1\":1.0,\"recall_at_2\":1.0,\"recall_at_4\":1.0,"
        + "\"recall_at_8\":1.0,\"precision_at_1\":1.0,\"r_precision\":1.0,\"map_at_r\":1.0,\"nmi\":1.0}");
  }

  @Test
  void aNonNumericValueIsBadInputNamingTheLine() throws Exception {
    Path embeddings = Files.writeString(work.resolve("e.csv"), "1.0,0.0\n0.9,oops\n");
    Path labels = Files.writeString(work.resolve("l.txt"), "0\n1\n");
    StringWriter err = new StringWriter();

    int code = evaluate(new StringWriter(), err, embeddings.toString(), labels.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith(embeddings + " line 2").contains("'oops'").doesNotContain("\tat ");
  }

  @Test
  void aLabelCountThatDiffersFromTheRowsIsBadInput() throws Exception {
    Path embeddings = Files.writeString(work.resolve("e.csv"), "1.0,0.0\n0.9,0.1\n0.0,1.0\n");
    Path labels = Files.writeString(work.resolve("l.txt"), "0\n1\n");
    StringWriter err = new StringWriter();

    int code = evaluate(new StringWriter(), err, embeddings.toString(), labels.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("2").contains("3");
  }

  @Test
  void anUnknownMetricIsBadInputListingTheAvailableOnes() throws Exception {
    Path embeddings = Files.writeString(work.resolve("e.csv"), "1.0,0.0\n0.0,1.0\n");
    Path labels = Files.writeString(work.resolve("l.txt"), "0\n1\n");
    StringWriter err = new StringWriter();

    int code = evaluate(new StringWriter(), err, embeddings.toString(), labels.toString(), "--metrics", "recal_at_k");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("--metrics: unknown metric 'recal_at_k'; did you mean 'recall_at_k'? available: ");
  }
}
