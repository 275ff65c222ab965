package dev.affinity.core.discovery;

import static java.util.Objects.requireNonNull;

/**
 * A plugin, class or jar that could not be loaded. Discovery records it and goes on with the others.
 *
 * @param origin the jar (or bundled) where it happened
 * @param subject the class or file concerned
 * @param message what went wrong and what was expected
 */
public record LoadProblem(PluginOrigin origin, String subject, String message) {

  public LoadProblem {
    requireNonNull(origin, "origin is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(message, "message is null");
  }

  @Override
  public String toString() {
    return origin + ": " + subject + ": " + message;
  }
}
