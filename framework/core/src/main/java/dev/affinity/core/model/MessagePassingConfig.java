package dev.affinity.core.model;

import java.util.Locale;

/**
 * The shape of the message passing network.
 *
 * @param layers L, the number of message passing blocks, at least 1
 * @param heads H, the attention heads per block, at least 1, dividing the embedding width
 * @param dropout the dropout after the attention and around the feed-forward layers, in [0, 1)
 * @param attentionDropout the dropout on attention weights, in [0, 1)
 * @param feedForwardWidth the hidden width of the feed-forward layers; 0 means four times the embedding width
 * @param attention whether each block has its attention step (off: no attention, no residual around it, no
 *     LayerNorm after it)
 * @param feedForward whether each block has its feed-forward step (off: likewise)
 * @param headInput what the MPN head reads, never null
 */
public record MessagePassingConfig(
    int layers,
    int heads,
    double dropout,
    double attentionDropout,
    int feedForwardWidth,
    boolean attention,
    boolean feedForward,
    HeadInput headInput) {

  /** What the MPN head classifies. Manifests write {@code last} or {@code concat}. */
  public enum HeadInput {
    /** The last block's output, (B, d). */
    LAST,
    /** Every block's output side by side, first block first, (B, L d): the paper's Cars setting. */
    CONCAT;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public MessagePassingConfig {
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be at least 1, was " + layers);
    }
    if (heads < 1) {
      throw new IllegalArgumentException("heads must be at least 1, was " + heads);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
    }
    if (!(attentionDropout >= 0 && attentionDropout < 1)) {
      throw new IllegalArgumentException("attention_dropout must be in [0, 1), was " + attentionDropout);
    }
    if (feedForwardWidth < 0) {
      throw new IllegalArgumentException(
          "feed_forward_width must be at least 1, or 0 for four times the embedding width, was "
              + feedForwardWidth);
    }
    if (headInput == null) {
      throw new IllegalArgumentException("head_input must be last or concat, was null");
    }
  }

  /** The paper's block with L layers and H heads: dropout 0.1 everywhere, feed-forward 4 d, last output. */
  public static MessagePassingConfig paper(int layers, int heads) {
    return new MessagePassingConfig(layers, heads, 0.1, 0.1, 0, true, true, HeadInput.LAST);
  }

  /** The feed-forward hidden width for embeddings of width {@code dim}. */
  public int feedForwardWidth(int dim) {
    return feedForwardWidth == 0 ? 4 * dim : feedForwardWidth;
  }

  /** The width of what the MPN head reads: d, or L d with {@link HeadInput#CONCAT}. */
  public int headWidth(int dim) {
    return headInput == HeadInput.CONCAT ? layers * dim : dim;
  }
}
