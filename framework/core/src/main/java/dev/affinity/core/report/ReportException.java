package dev.affinity.core.report;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * A run or sweep directory that cannot be reported on: missing files, JSON that does not parse or
 * lacks a field. The message starts with the file (or directory) and says what was expected there,
 * for example {@code runs/q/gat/seed-1/run.json: expected "status" to be "finished", "failed" or
 * "running", was "done"}.
 */
public final class ReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  ReportException(Path file, String expected) {
    this(file, expected, null);
  }

  ReportException(Path file, String expected, Throwable cause) {
    super(
        requireNonNull(file, "file is null") + ": " + requireNonNull(expected, "expected is null"),
        cause);
    this.file = file;
  }

  /** The file or directory at fault; never null. */
  public Path file() {
    return file;
  }
}
