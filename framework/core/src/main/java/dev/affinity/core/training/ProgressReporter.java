package dev.affinity.core.training;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a progress bar with loss, images/s and ETA on a terminal, nothing otherwise
 * (the trainer logs a line per epoch either way, so logs and CI output stay readable).
 */
public interface ProgressReporter {

  /** Starts an epoch of {@code steps} steps. */
  Epoch epoch(int epoch, int epochs, int steps);

  /** One epoch's progress. */
  interface Epoch extends AutoCloseable {
    void step(double loss, double imagesPerSecond);

    @Override
    void close();
  }

  /** Reports nothing. */
  static ProgressReporter silent() {
    return (epoch, epochs, steps) -> new Epoch() {
      @Override
      public void step(double loss, double imagesPerSecond) {}

      @Override
      public void close() {}
    };
  }

  /** A progress bar on {@code out} when the process has a terminal, else {@link #silent()}. */
  static ProgressReporter forConsole(String label, PrintStream out) {
    if (System.console() == null) {
      return silent();
    }
    return (epoch, epochs, steps) -> {
      ProgressBar bar = new ProgressBarBuilder()
          .setTaskName(label + " epoch " + epoch + "/" + epochs)
          .setInitialMax(steps)
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new ConsoleProgressBarConsumer(out))
          .setUpdateIntervalMillis(500)
          .build();
      return new Epoch() {
        @Override
        public void step(double loss, double imagesPerSecond) {
          bar.step();
          bar.setExtraMessage(String.format(" loss %.4f, %.0f img/s", loss, imagesPerSecond));
        }

        @Override
        public void close() {
          bar.close();
        }
      };
    };
  }
}
