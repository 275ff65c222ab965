package dev.affinity.core.evaluation;

/**
 * Input an evaluation cannot use: a malformed or inconsistent embeddings or labels file, too few classes,
 * two metrics claiming one key. The message says what to fix and is meant to be printed as it is.
 */
public final class EvaluationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EvaluationException(String message) {
    super(message);
  }

  public EvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
