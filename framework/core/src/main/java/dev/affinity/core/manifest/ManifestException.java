package dev.affinity.core.manifest;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A manifest that cannot run, with every problem found, not just the first: the user fixes them in one go.
 */
public final class ManifestException extends Exception {

  private final List<Problem> problems;

  public ManifestException(List<Problem> problems) {
    super(format(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ManifestException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** The problems, in document order. */
  public List<Problem> problems() {
    return problems;
  }

  private static String format(List<Problem> problems) {
    String heading = problems.size() == 1 ? "1 problem in the manifest:" : problems.size() + " problems in the manifest:";
    return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", heading + "\n", ""));
  }
}
