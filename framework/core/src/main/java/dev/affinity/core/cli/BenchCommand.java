package dev.affinity.core.cli;

import dev.affinity.core.bench.EvaluationBench;
import dev.affinity.core.bench.ImagePipelineBench;
import dev.affinity.core.bench.MessagePassingBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code affinity bench NAME [ARGS]}: the benchmarks of docs/benchmarks.md. */
@Command(name = "bench", description = {
    "Run a benchmark of docs/benchmarks.md: mpn-step, pipeline or evaluation.",
    "mpn-step: one training step of the message passing network; pipeline: training-image throughput;",
    "evaluation: a full evaluation's time and memory. Arguments after the name go to the benchmark."})
final class BenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME", description = "mpn-step, pipeline or evaluation")
  String name;

  @Parameters(index = "1..*", paramLabel = "ARGS")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    String[] rest = args.toArray(String[]::new);
    switch (name) {
      case "mpn-step" -> MessagePassingBench.main(rest);
      case "pipeline" -> ImagePipelineBench.main(rest);
      case "evaluation" -> EvaluationBench.main(rest);
      default -> throw new UsageException("unknown benchmark '" + name + "'; available: mpn-step, pipeline, evaluation");
    }
    return 0;
  }
}
