package dev.affinity.core.training;

/** Training cannot go on (the loss stopped being finite, say); the message says where and what to try. */
public final class TrainingException extends RuntimeException {

  public TrainingException(String message) {
    super(message);
  }
}
