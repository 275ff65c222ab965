package dev.affinity.core.cli;

/** Bad input the user can fix (a file, an argument, a plugin jar): printed without a stack trace, exit 2. */
public final class UsageException extends RuntimeException {

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
