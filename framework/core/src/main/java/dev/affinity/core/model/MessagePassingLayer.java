package dev.affinity.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.attention.AttentionBlock;
import dev.affinity.spi.attention.AttentionShape;

/**
 * One post-norm block: {@code x = LN(x + drop(attention(x)))}, then
 * {@code x = LN(x + drop(W2 drop(relu(W1 x))))}. Inputs [x (B, d), optional mask (B, B)]; outputs [x (B, d)]
 * and, when the attention step is on, its weights (H, B, B).
 */
final class MessagePassingLayer extends AbstractBlock {

  private final float dropout;
  private final AttentionBlock attention;
  private final LayerNorm attentionNorm;
  private final Linear feedForwardIn;
  private final Linear feedForwardOut;
  private final LayerNorm feedForwardNorm;

  MessagePassingLayer(int dim, MessagePassingConfig config, Attention plugin) {
    super((byte) 1);
    this.dropout = (float) config.dropout();
    if (config.attention()) {
      attention = addChildBlock("attention", plugin.build(
          new AttentionShape(dim, config.heads(), (float) config.attentionDropout())));
      attentionNorm = addChildBlock("attention_norm", LayerNorm.builder().axis(1).build());
    } else {
      attention = null;
      attentionNorm = null;
    }
    if (config.feedForward()) {
      int width = config.feedForwardWidth(dim);
      feedForwardIn = addChildBlock("feed_forward_in", TorchInit.linear(dim, width, true));
      feedForwardOut = addChildBlock("feed_forward_out", TorchInit.linear(width, dim, true));
      feedForwardNorm = addChildBlock("feed_forward_norm", LayerNorm.builder().axis(1).build());
    } else {
      feedForwardIn = null;
      feedForwardOut = null;
      feedForwardNorm = null;
    }
  }

  boolean hasAttention() {
    return attention != null;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray weights = null;
    if (attention != null) {
      NDList attended = attention.forward(store, inputs, training);
      weights = attended.get(1);
      x = attentionNorm.forward(store, new NDList(x.add(drop(attended.get(0), training))), training)
          .singletonOrThrow();
    }
    if (feedForwardIn != null) {
      NDArray hidden = Activation.relu(feedForwardIn.forward(store, new NDList(x), training).singletonOrThrow());
      NDArray out = feedForwardOut.forward(store, new NDList(drop(hidden, training)), training)
          .singletonOrThrow();
      x = feedForwardNorm.forward(store, new NDList(x.add(drop(out, training))), training).singletonOrThrow();
    }
    return weights == null ? new NDList(x) : new NDList(x, weights);
  }

  private NDArray drop(NDArray x, boolean training) {
    if (!training || dropout == 0f) {
      return x;
    }
    return Dropout.dropout(x, dropout, true).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    if (attention == null) {
      return new Shape[] {x};
    }
    return new Shape[] {x, new Shape(attention.shape().heads(), x.get(0), x.get(0))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    if (attention != null) {
      attention.initialize(manager, dataType, inputShapes);
      attentionNorm.initialize(manager, dataType, x);
    }
    if (feedForwardIn != null) {
      feedForwardIn.initialize(manager, dataType, x);
      feedForwardOut.initialize(manager, dataType, feedForwardIn.getOutputShapes(new Shape[] {x})[0]);
      feedForwardNorm.initialize(manager, dataType, x);
    }
  }
}
