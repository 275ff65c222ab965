package dev.affinity.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.affinity.core.model.AffinityModel;
import dev.affinity.core.model.Head;
import dev.affinity.core.training.optim.OptimizerConfig;
import dev.affinity.plugins.attention.DotProductAttention;
import dev.affinity.plugins.attention.GatAttention;
import dev.affinity.plugins.attention.GatV2Attention;
import dev.affinity.plugins.loss.LabelSmoothedCrossEntropy;
import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.loss.LossInput;
import dev.affinity.spi.loss.LossShape;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TrainingStepTest {

  static Stream<Attention> attentions() {
    return Stream.of(
        new DotProductAttention(new DotProductAttention.Settings()),
        new GatAttention(new GatAttention.Settings()),
        new GatV2Attention(new GatV2Attention.Settings()));
  }

  @ParameterizedTest
  @MethodSource("attentions")
  void aFewDozenStepsSeparateTheClasses(Attention attention) {
    OptimizerConfig adam = new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.03, 0, 0.9, 0.999, 1e-8, 0);
    try (TinyProblem problem = new TinyProblem(attention, adam, 11)) {
      double first = problem.train().total();
      TrainingStep.Losses last = null;
      for (int i = 0; i < 40; i++) {
        last = problem.train();
      }
      assertThat(last.total()).isLessThan(0.5 * first);
      assertThat(last.terms()).hasSize(2).allMatch(t -> t < 0.5 * first);
    }
  }

  @Test
  void nativeMemoryStaysFlatOverHundredsOfSteps() {
    NDManager system;
    try (NDManager probe = NDManager.newBaseManager()) {
      system = probe.getParentManager();
    }
    try (TinyProblem problem = new TinyProblem(attentions().findFirst().orElseThrow(),
        OptimizerConfig.radam(1e-3, 1e-4), 12)) {
      for (int i = 0; i < 5; i++) {
        problem.train();
      }
      int live = system.getManagedArrays().size();
      for (int i = 0; i < 200; i++) {
        problem.train();
      }
      assertThat(system.getManagedArrays()).hasSize(live);
    }
  }

  @Test
  void theSameSeedGivesBitIdenticalWeights() {
    float[][] first;
    try (TinyProblem a = new TinyProblem(new GatAttention(new GatAttention.Settings()),
        OptimizerConfig.radam(1e-2, 1e-4), 13)) {
      for (int i = 0; i < 5; i++) {
        a.train();
      }
      first = a.weights();
    }
    try (TinyProblem b = new TinyProblem(new GatAttention(new GatAttention.Settings()),
        OptimizerConfig.radam(1e-2, 1e-4), 13)) {
      for (int i = 0; i < 5; i++) {
        b.train();
      }
      assertThat(b.weights()).isDeepEqualTo(first);
    }
  }

  static Stream<OptimizerConfig> optimizers() {
    return Stream.of(
        OptimizerConfig.radam(1e-2, 1e-3),
        new OptimizerConfig(OptimizerConfig.Kind.ADAM, 1e-2, 1e-3, 0.9, 0.999, 1e-8, 0),
        new OptimizerConfig(OptimizerConfig.Kind.ADAMW, 1e-2, 1e-3, 0.9, 0.999, 1e-8, 0),
        new OptimizerConfig(OptimizerConfig.Kind.SGD, 1e-2, 1e-3, 0.9, 0.999, 1e-8, 0.9));
  }

  /**
   * Run A: 4 steps, reseed, 4 more. Run B: 4 steps, save model and optimizer, load both into a fresh model
   * and optimizer, reseed, 4 more. Dropout is on, hence the reseed: the engine's random state is not part of
   * the optimizer's.
   */
  @ParameterizedTest
  @MethodSource("optimizers")
  void savingAndLoadingMidTrainingChangesNothing(OptimizerConfig config) throws Exception {
    float[][] uninterrupted;
    try (TinyProblem a = new TinyProblem(new DotProductAttention(new DotProductAttention.Settings()), config, 14)) {
      for (int i = 0; i < 4; i++) {
        a.train();
      }
      Engine.getInstance().setRandomSeed(99);
      for (int i = 0; i < 4; i++) {
        a.train();
      }
      uninterrupted = a.weights();
    }
    byte[] parameters;
    byte[] state;
    try (TinyProblem b = new TinyProblem(new DotProductAttention(new DotProductAttention.Settings()), config, 14)) {
      for (int i = 0; i < 4; i++) {
        b.train();
      }
      parameters = b.parameters();
      state = b.optimizerState();
    }
    // the same seed for the same data; the model's initial weights are then replaced by the saved ones
    try (TinyProblem c = new TinyProblem(new DotProductAttention(new DotProductAttention.Settings()), config, 14)) {
      c.model.loadParameters(c.manager, new DataInputStream(new ByteArrayInputStream(parameters)));
      c.model.initialize(c.manager, ai.djl.ndarray.types.DataType.FLOAT32, c.inputs.getShape());
      c.optimizer.load(new DataInputStream(new ByteArrayInputStream(state)));
      assertThat(c.optimizer.steps()).isEqualTo(4);
      Engine.getInstance().setRandomSeed(99);
      for (int i = 0; i < 4; i++) {
        c.train();
      }
      assertThat(c.weights()).isDeepEqualTo(uninterrupted);
    }
  }

  @Test
  void aLossOnTheMpnHeadNeedsMessagePassing() {
    try (NDManager manager = NDManager.newBaseManager()) {
      AffinityModel model = new AffinityModel(ai.djl.nn.core.Linear.builder().setUnits(4).build(), 4, 3, null, null);
      var loss = new LabelSmoothedCrossEntropy(new LabelSmoothedCrossEntropy.Settings()).build(new LossShape(3, 3));
      assertThatThrownBy(() -> new TrainingStep(model,
          List.of(new WeightedLoss("mpn/ce", loss, LossInput.LOGITS, Head.MPN, 1)),
          OptimizerConfig.radam(1e-3, 0).create(manager, dev.affinity.core.training.optim.LearningRateSchedule.constant()),
          new ai.djl.training.ParameterStore(manager, false)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("mpn/ce is applied to the mpn head, but message passing is off");
    }
  }
}
