package dev.affinity.core.experiment;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where runs write: a new sweep directory per invocation, {@code OUT/NAME-yyyyMMdd-HHmmss}, with one
 * directory per variant and seed inside. An existing directory is never reused: a finished run is never
 * overwritten.
 */
public final class RunDirectories {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunDirectories() {}

  /**
   * Creates a new, empty sweep directory.
   *
   * @param out the folder that holds sweeps ({@code runs/} by default)
   * @param name the experiment's name
   * @param now the time that names it
   * @return the created directory; {@code -2}, {@code -3}, ... is appended when the name is taken
   */
  public static Path newSweep(Path out, String name, LocalDateTime now) throws IOException {
    Files.createDirectories(out);
    String base = name + "-" + STAMP.format(now);
    for (int attempt = 1; ; attempt++) {
      Path candidate = out.resolve(attempt == 1 ? base : base + "-" + attempt);
      try {
        return Files.createDirectory(candidate);
      } catch (FileAlreadyExistsException e) {
        // Taken, by an earlier run or one started in the same second: try the next name.
      }
    }
  }

  /** The run directory of a variant and seed inside a sweep: {@code SWEEP/VARIANT/seed-N}. */
  public static Path run(Path sweep, String variant, long seed) {
    return sweep.resolve(variant).resolve("seed-" + seed);
  }
}
