package dev.affinity.core.manifest;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a manifest: where, which key, what was wrong and what would be valid.
 *
 * @param origin the file and line, or the command-line override, that the value came from
 * @param key the dotted key, such as {@code message_passing.heads}; empty for the document itself
 * @param message what was wrong and what would be valid
 */
public record Problem(Origin origin, String key, String message) {

  public Problem {
    requireNonNull(origin, "origin is null");
    requireNonNull(key, "key is null");
    requireNonNull(message, "message is null");
  }

  /** {@code experiments/cub.yaml:12: message_passing.heads: must be at least 1, was 0}. */
  @Override
  public String toString() {
    return origin + ": " + (key.isEmpty() ? "" : key + ": ") + message;
  }
}
