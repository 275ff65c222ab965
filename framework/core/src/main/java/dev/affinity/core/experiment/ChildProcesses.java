package dev.affinity.core.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs runs in child processes, N at a time: DJL's PyTorch engine allows one gradient collector per JVM, so
 * parallel runs need separate processes. Each child is this same program, {@code run --resume RUN_DIR}.
 *
 * @param command the command line that starts this program (java, its options, the main class), to which
 *     {@code run --resume RUN_DIR} and {@code extraArguments} are appended
 * @param extraArguments options every child gets, such as {@code --plugins DIR}
 */
public record ChildProcesses(List<String> command, List<String> extraArguments) {

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcesses.class);

  public ChildProcesses {
    command = List.copyOf(command);
    extraArguments = List.copyOf(extraArguments);
  }

  /**
   * Runs every run directory's run, {@code parallel} at a time.
   *
   * @return the runs whose process failed, as "RUN_DIR: exit code N"
   */
  public List<String> runAll(List<Path> runs, int parallel) {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (Path run : runs) {
        results.add(pool.submit(() -> runOne(run)));
      }
      List<String> failed = new ArrayList<>();
      for (Future<String> result : results) {
        String failure = result.get();
        if (failure != null) {
          failed.add(failure);
        }
      }
      return failed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for child runs", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a child run could not be started: " + e.getCause().getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  private String runOne(Path run) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("run", "--resume", run.toString()));
    args.addAll(extraArguments);
    LOG.info("starting a child process for {}", run);
    Process process = new ProcessBuilder(args).inheritIO().start();
    int code = process.waitFor();
    return code == 0 ? null : run + ": exit code " + code;
  }
}
