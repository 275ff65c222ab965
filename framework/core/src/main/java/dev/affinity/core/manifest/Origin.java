package dev.affinity.core.manifest;

import static java.util.Objects.requireNonNull;

/**
 * Where a manifest value came from: a line of a file, or a command-line override.
 *
 * @param source the file as the user named it, or {@code --set} for an override
 * @param line the 1-based line in the file, or 0 when the source has no lines
 * @param detail for an override, the override itself; otherwise empty
 */
public record Origin(String source, int line, String detail) {

  public Origin {
    requireNonNull(source, "source is null");
    requireNonNull(detail, "detail is null");
  }

  /** A line of a file. */
  public static Origin line(String file, int line) {
    return new Origin(file, line, "");
  }

  /** A command-line override such as {@code --set training.epochs=3}. */
  public static Origin override(String override) {
    return new Origin("--set", 0, override);
  }

  @Override
  public String toString() {
    if (!detail.isEmpty()) {
      return source + " " + detail;
    }
    return line > 0 ? source + ":" + line : source;
  }
}
