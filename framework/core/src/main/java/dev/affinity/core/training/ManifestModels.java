package dev.affinity.core.training;

import ai.djl.ndarray.NDManager;
import dev.affinity.core.manifest.Manifest;
import dev.affinity.core.manifest.MessagePassingSection;
import dev.affinity.core.manifest.OptimizerSection;
import dev.affinity.core.model.MessagePassingConfig;
import dev.affinity.core.training.optim.LearningRateSchedule;
import dev.affinity.core.training.optim.OptimizerConfig;
import dev.affinity.core.training.optim.StatefulOptimizer;

/**
 * Turns a manifest's sections into the model's and the optimizer's own configurations: the one place where
 * the manifest's vocabulary (1-based epochs, {@code off} switches, plugin references) meets theirs.
 */
final class ManifestModels {

  private ManifestModels() {}

  /** The MPN's shape, or null for the backbone-only ablation. */
  static MessagePassingConfig messagePassing(Manifest manifest) {
    MessagePassingSection mp = manifest.messagePassing();
    return mp.enabled() ? mp.config() : null;
  }

  /**
   * A fresh optimizer with the manifest's schedule.
   *
   * @param stepsPerEpoch the number of updates in one epoch, for warm-up and cosine
   */
  static StatefulOptimizer optimizer(Manifest manifest, NDManager manager, int stepsPerEpoch) {
    OptimizerSection o = manifest.optimizer();
    OptimizerConfig config = new OptimizerConfig(
        switch (o.name()) {
          case RADAM -> OptimizerConfig.Kind.RADAM;
          case ADAM -> OptimizerConfig.Kind.ADAM;
          case ADAMW -> OptimizerConfig.Kind.ADAMW;
          case SGD -> OptimizerConfig.Kind.SGD;
        },
        o.lr(), o.weightDecay(), o.beta1(), o.beta2(), o.epsilon(), o.momentum());
    OptimizerSection.Schedule s = o.schedule();
    long total = (long) manifest.training().epochs() * Math.max(1, stepsPerEpoch);
    LearningRateSchedule schedule = switch (s.type()) {
      case CONSTANT -> LearningRateSchedule.constant();
      // Manifests count epochs from 1, the schedule from 0: "at epoch 31" is the start of index 30.
      case STEP -> LearningRateSchedule.steps(s.milestones().stream().map(m -> m - 1).toList(), s.factor());
      case COSINE -> LearningRateSchedule.cosine(total, 0);
    };
    if (s.warmupEpochs() > 0) {
      schedule = LearningRateSchedule.warmup((long) s.warmupEpochs() * Math.max(1, stepsPerEpoch), schedule);
    }
    return config.create(manager, schedule);
  }

  /** Whether the paper's "reload the best checkpoint, then lower the rate" happens at this 1-based epoch. */
  static boolean reloadsBestAt(Manifest manifest, int epoch) {
    OptimizerSection.Schedule s = manifest.optimizer().schedule();
    return s.reloadBest() && s.type() == OptimizerSection.Schedule.Type.STEP && s.milestones().contains(epoch);
  }
}
