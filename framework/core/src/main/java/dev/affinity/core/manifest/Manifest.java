package dev.affinity.core.manifest;

import static java.util.Objects.requireNonNull;

import dev.affinity.core.data.ImageConfig;
import dev.affinity.core.model.Head;
import java.util.List;

/**
 * One run as a manifest describes it, every default filled. A manifest file adds {@code seeds:},
 * {@code variants:} and {@code baseline:} around it (see {@link ManifestLoader}).
 *
 * <p>The defaults are the paper's settings for CUB-200-2011 (from the authors' released code), except that
 * a manifest must name its data set. docs/manifest.md documents every key.
 *
 * @param name the experiment's name: lower case, digits, dashes; names the run directory
 * @param description free text for reports
 * @param device where to compute
 * @param dataset the data set plugin
 * @param sampler the batch sampler plugin
 * @param images the image pipeline (keys of {@link ImageConfig})
 * @param backbone the backbone plugin
 * @param embeddingDim d, the embedding width
 * @param messagePassing the message passing network
 * @param losses the training objectives, summed with their weights
 * @param optimizer the optimizer and its learning-rate schedule
 * @param training the epoch loop
 * @param evaluation the metrics and how the model is selected
 */
public record Manifest(
    String name,
    String description,
    Device device,
    PluginRef dataset,
    PluginRef sampler,
    ImageConfig images,
    PluginRef backbone,
    int embeddingDim,
    MessagePassingSection messagePassing,
    List<LossSection> losses,
    OptimizerSection optimizer,
    TrainingSection training,
    EvaluationSection evaluation) {

  /** Where a run computes. */
  public enum Device {
    /** CUDA when the engine sees a GPU, else the CPU. */
    AUTO,
    CPU,
    GPU
  }

  /** The defaults; {@code name} and {@code dataset} are placeholders that a manifest must replace. */
  public Manifest() {
    this("", "", Device.AUTO, PluginRef.OFF, PluginRef.named("class-balanced"), new ImageConfig(),
        PluginRef.named("resnet50"), 512, new MessagePassingSection(),
        List.of(new LossSection("label-smoothed-ce", Head.BACKBONE, 1.0, null),
            new LossSection("label-smoothed-ce", Head.MPN, 1.0, null)),
        new OptimizerSection(), new TrainingSection(), new EvaluationSection());
  }

  public Manifest {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(device, "device is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(sampler, "sampler is null");
    requireNonNull(images, "images is null");
    requireNonNull(backbone, "backbone is null");
    requireNonNull(messagePassing, "message_passing is null");
    requireNonNull(optimizer, "optimizer is null");
    requireNonNull(training, "training is null");
    requireNonNull(evaluation, "evaluation is null");
    losses = List.copyOf(requireNonNull(losses, "losses is null"));
    if (embeddingDim < 1) {
      throw new IllegalArgumentException("embedding_dim must be at least 1, was " + embeddingDim);
    }
    if (losses.isEmpty()) {
      throw new IllegalArgumentException("losses must name at least one loss");
    }
  }

  /**
   * One loss: which plugin, on which head, with what weight.
   *
   * @param name the loss plugin
   * @param head the head it reads
   * @param weight its weight in the sum, greater than 0
   * @param params the plugin's settings, or null for its defaults
   */
  public record LossSection(String name, Head head, double weight, com.fasterxml.jackson.databind.node.ObjectNode params) {
    /** The paper's loss on the backbone head; a manifest's list item overrides what it writes. */
    public LossSection() {
      this("label-smoothed-ce", Head.BACKBONE, 1.0, null);
    }

    public LossSection {
      requireNonNull(name, "name is null");
      requireNonNull(head, "head is null");
      if (!(weight > 0)) {
        throw new IllegalArgumentException("weight must be greater than 0, was " + weight);
      }
      if (params == null) {
        params = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      }
    }

    /** The plugin with its written settings. */
    public PluginRef plugin() {
      return new PluginRef(name, params);
    }
  }
}
