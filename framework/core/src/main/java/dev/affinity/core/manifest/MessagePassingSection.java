package dev.affinity.core.manifest;

import static java.util.Objects.requireNonNull;

import dev.affinity.core.model.MessagePassingConfig;
import dev.affinity.core.model.MessagePassingConfig.HeadInput;

/**
 * The message passing network. {@code message_passing: off} in a manifest means backbone only.
 * Defaults are the paper's CUB settings.
 *
 * @param enabled false for the backbone-only ablation: no message passing, no MPN head
 * @param attention the attention plugin, or {@code off} to skip the attention step (an ablation)
 * @param layers L, the number of message passing blocks
 * @param heads H, attention heads; the embedding width must be divisible by it
 * @param dropout dropout after attention and in the feed-forward block
 * @param attentionDropout dropout on attention weights
 * @param feedForward false to skip the feed-forward step (an ablation)
 * @param feedForwardWidth the feed-forward block's hidden width; 0 means 4 x the embedding width
 * @param headInput what the MPN head reads: the last layer, or every layer's output concatenated (Cars)
 */
public record MessagePassingSection(
    boolean enabled,
    PluginRef attention,
    int layers,
    int heads,
    double dropout,
    double attentionDropout,
    boolean feedForward,
    int feedForwardWidth,
    HeadInput headInput) {

  public MessagePassingSection() {
    this(true, PluginRef.named("dot-product"), 1, 2, 0.1, 0.1, true, 0, HeadInput.LAST);
  }

  public MessagePassingSection {
    requireNonNull(attention, "attention is null");
    config(attention, layers, heads, dropout, attentionDropout, feedForward, feedForwardWidth, headInput);
  }

  /** The network's shape as the model takes it; the model's configuration validates the numbers. */
  public MessagePassingConfig config() {
    return config(attention, layers, heads, dropout, attentionDropout, feedForward, feedForwardWidth, headInput);
  }

  private static MessagePassingConfig config(PluginRef attention, int layers, int heads, double dropout,
      double attentionDropout, boolean feedForward, int feedForwardWidth, HeadInput headInput) {
    return new MessagePassingConfig(layers, heads, dropout, attentionDropout, feedForwardWidth, !attention.isOff(),
        feedForward, headInput);
  }

}
