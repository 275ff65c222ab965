package dev.affinity.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.affinity.spi.attention.Attention;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The message passing network: {@code Linear(d -> d)} on the L2-normalized embeddings, then L post-norm
 * blocks, each {@code x = LN(x + drop(attention(x)))} and {@code x = LN(x + drop(FF(x)))} with
 * {@code FF = Linear(d -> f) ReLU drop Linear(f -> d)}. Each block's attention is built by the
 * {@link Attention} plugin; the config's switches drop the attention or feed-forward step (with its residual
 * and LayerNorm).
 *
 * <ul>
 *   <li>input 0: float (B, d), the L2-normalized embeddings (the caller normalizes);
 *   <li>input 1, optional: boolean (B, B), true where target i may receive from source j; absent means the
 *       complete graph with self-loops;
 *   <li>output 0: float (B, d), the refined embeddings (the last block's output);
 *   <li>output 1: float (B, k), what the MPN head reads: output 0 again, or with
 *       {@link MessagePassingConfig.HeadInput#CONCAT} every block's output side by side (k = L d);
 *   <li>outputs 2 ...: float (H, B, B), the attention weights of each block that has attention, first
 *       block first (none when attention is off).
 * </ul>
 */
public final class MessagePassingBlock extends AbstractBlock {

  private final int dim;
  private final MessagePassingConfig config;
  private final Linear input;
  private final List<MessagePassingLayer> layers = new ArrayList<>();

  /**
   * @param dim d, the embedding width; a multiple of the config's heads when attention is on
   * @param config the network's shape, never null
   * @param attention builds each block's attention, never null (unused when attention is off)
   */
  public MessagePassingBlock(int dim, MessagePassingConfig config, Attention attention) {
    super((byte) 1);
    this.config = Objects.requireNonNull(config, "config is null");
    Objects.requireNonNull(attention, "attention is null");
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be at least 1, was " + dim);
    }
    this.dim = dim;
    this.input = addChildBlock("input", TorchInit.linear(dim, dim, true));
    for (int i = 0; i < config.layers(); i++) {
      layers.add(addChildBlock("layer" + (i + 1), new MessagePassingLayer(dim, config, attention)));
    }
  }

  /** The config this network was built with. */
  public MessagePassingConfig config() {
    return config;
  }

  /** The width of output 1, what the MPN head reads. */
  public int headWidth() {
    return config.headWidth(dim);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
    NDArray x = input.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
    NDList weights = new NDList();
    NDList outputs = new NDList();
    for (MessagePassingLayer layer : layers) {
      NDList out = layer.forward(store, mask == null ? new NDList(x) : new NDList(x, mask), training);
      x = out.get(0);
      outputs.add(x);
      if (out.size() > 1) {
        weights.add(out.get(1));
      }
    }
    NDArray head = config.headInput() == MessagePassingConfig.HeadInput.CONCAT && layers.size() > 1
        ? NDArrays.concat(outputs, 1)
        : x;
    NDList result = new NDList(x, head);
    result.addAll(weights);
    return result;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    List<Shape> shapes = new ArrayList<>();
    shapes.add(new Shape(b, dim));
    shapes.add(new Shape(b, headWidth()));
    if (config.attention()) {
      for (int i = 0; i < layers.size(); i++) {
        shapes.add(new Shape(config.heads(), b, b));
      }
    }
    return shapes.toArray(new Shape[0]);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = new Shape(inputShapes[0].get(0), dim);
    input.initialize(manager, dataType, x);
    Shape[] layerInput = inputShapes.length > 1 ? new Shape[] {x, inputShapes[1]} : new Shape[] {x};
    for (MessagePassingLayer layer : layers) {
      layer.initialize(manager, dataType, layerInput);
    }
  }
}
