package dev.affinity.core.manifest;

/**
 * The epoch loop.
 *
 * @param epochs how many epochs to train
 * @param evaluateEvery evaluate every this many epochs (and after the last)
 * @param checkpointEvery checkpoint every this many epochs; the checkpoint is what {@code --resume} reads
 * @param maxStepsPerEpoch stop an epoch after this many steps; 0 means the sampler's whole epoch
 */
public record TrainingSection(int epochs, int evaluateEvery, int checkpointEvery, int maxStepsPerEpoch) {

  public TrainingSection() {
    this(70, 1, 1, 0);
  }

  public TrainingSection {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
    }
    if (evaluateEvery < 1) {
      throw new IllegalArgumentException("evaluate_every must be at least 1, was " + evaluateEvery);
    }
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpoint_every must be at least 1, was " + checkpointEvery);
    }
    if (maxStepsPerEpoch < 0) {
      throw new IllegalArgumentException("max_steps_per_epoch must be 0 (whole epochs) or more, was "
          + maxStepsPerEpoch);
    }
  }
}
