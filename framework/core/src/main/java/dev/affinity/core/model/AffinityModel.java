package dev.affinity.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.affinity.spi.attention.Attention;
import java.util.List;
import java.util.Objects;

/**
 * The whole trainable model: backbone, backbone head, and optionally the message passing network (MPN) with
 * its head.
 *
 * <pre>
 * images -> backbone -> embedding e (B, d) -> Linear(d -> C)                      = backbone logits
 *                          \-> e / |e| -> MPN -> refined (B, d), head input (B, k)
 *                                               head input -> BatchNorm1d -> Linear(k -> C, no bias) = MPN logits
 * </pre>
 *
 * <p>The MPN head's BatchNorm shift is frozen at 0 and its linear layer starts from N(0, 0.001), as in the
 * paper's code. Evaluation uses only {@link #embed}, the backbone's L2-normalized embedding.
 *
 * <p>As a block: input 0 images (B, 3, S, S) (whatever the backbone takes), input 1 optional boolean mask
 * (B, B) for the MPN; outputs as {@link Output#toList()} orders them. Prefer {@link #run}, which names them.
 *
 * <pre>{@code
 * AffinityModel model = new AffinityModel(backbone, 512, 100, MessagePassingConfig.paper(1, 2), attention);
 * model.initialize(manager, DataType.FLOAT32, new Shape(54, 3, 227, 227));
 * AffinityModel.Output out = model.run(store, images, null, true);
 * }</pre>
 */
public final class AffinityModel extends AbstractBlock {

  /**
   * What one forward pass gives, all on the input's device; arrays belong to the caller's scope.
   *
   * @param embedding the backbone's embedding, float (B, d), not normalized
   * @param backboneLogits float (B, C)
   * @param mpnLogits float (B, C), or null when the MPN is off
   * @param refined the MPN's output embeddings, float (B, d), not normalized, or null when the MPN is off
   * @param attentionWeights one float (H, B, B) per MPN block with attention, first block first; empty when
   *     the MPN or its attention is off
   */
  public record Output(
      NDArray embedding,
      NDArray backboneLogits,
      NDArray mpnLogits,
      NDArray refined,
      List<NDArray> attentionWeights) {

    public Output {
      attentionWeights = List.copyOf(attentionWeights);
    }

    /** The logits of one head; null for {@link Head#MPN} when the MPN is off. */
    public NDArray logits(Head head) {
      return head == Head.BACKBONE ? backboneLogits : mpnLogits;
    }

    /** The L2-normalized embeddings of one head; null for {@link Head#MPN} when the MPN is off. */
    public NDArray normalizedEmbeddings(Head head) {
      NDArray e = head == Head.BACKBONE ? embedding : refined;
      return e == null ? null : l2Normalize(e);
    }
  }

  private final int embeddingDim;
  private final int classes;
  private final Block backbone;
  private final Linear backboneHead;
  private final MessagePassingBlock messagePassing;
  private final Block mpnHead;

  /**
   * @param backbone images (B, ...) to embeddings (B, d), uninitialized, never null
   * @param embeddingDim d, at least 1
   * @param classes C, the number of training classes, at least 2
   * @param messagePassing the MPN's shape, or null for no MPN and no MPN head (backbone only)
   * @param attention the MPN's attention plugin; required when {@code messagePassing} is not null
   */
  public AffinityModel(
      Block backbone,
      int embeddingDim,
      int classes,
      MessagePassingConfig messagePassing,
      Attention attention) {
    super((byte) 1);
    if (embeddingDim < 1) {
      throw new IllegalArgumentException("embedding dim must be at least 1, was " + embeddingDim);
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be at least 2, was " + classes);
    }
    this.embeddingDim = embeddingDim;
    this.classes = classes;
    this.backbone = addChildBlock("backbone", Objects.requireNonNull(backbone, "backbone is null"));
    this.backboneHead = addChildBlock("backbone_head", TorchInit.linear(embeddingDim, classes, true));
    if (messagePassing == null) {
      this.messagePassing = null;
      this.mpnHead = null;
    } else {
      Objects.requireNonNull(attention, "attention is null but message passing is on");
      this.messagePassing = addChildBlock(
          "message_passing", new MessagePassingBlock(embeddingDim, messagePassing, attention));
      BatchNorm norm = BatchNorm.builder().optAxis(1).build();
      TorchInit.freeze(norm, "beta");
      Linear classifier = Linear.builder().setUnits(classes).optBias(false).build();
      classifier.setInitializer(new NormalInitializer(0.001f), p -> true);
      this.mpnHead = addChildBlock("mpn_head", new SequentialBlock().add(norm).add(classifier));
    }
  }

  /** d, the embedding width. */
  public int embeddingDim() {
    return embeddingDim;
  }

  /** C, the number of classes the heads score. */
  public int classes() {
    return classes;
  }

  /** Whether the model has the message passing network and its head. */
  public boolean hasMessagePassing() {
    return messagePassing != null;
  }

  /** The backbone block, as given. */
  public Block backbone() {
    return backbone;
  }

  /**
   * One forward pass.
   *
   * @param store where parameters live, never null
   * @param images the backbone's input, (B, ...), never null
   * @param mask boolean (B, B) for the MPN's graph, or null for the complete graph
   * @param training whether dropout and batch statistics apply
   * @return the named outputs, never null
   */
  public Output run(ParameterStore store, NDArray images, NDArray mask, boolean training) {
    NDList inputs = mask == null ? new NDList(images) : new NDList(images, mask);
    return fromList(forward(store, inputs, training));
  }

  /**
   * The embeddings evaluation uses: the backbone's output, L2-normalized, in inference mode.
   *
   * @param store where parameters live, never null
   * @param images the backbone's input, (B, ...), never null
   * @return float (B, d), each row of unit length (or zero where the embedding is zero)
   */
  public NDArray embed(ParameterStore store, NDArray images) {
    return l2Normalize(backbone.forward(store, new NDList(images), false).singletonOrThrow());
  }

  /** {@code x / max(|x|, 1e-12)} row by row, as PyTorch's {@code F.normalize}. */
  public static NDArray l2Normalize(NDArray x) {
    return x.div(x.norm(new int[] {1}, true).maximum(1e-12f));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray embedding = backbone.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
    NDArray backboneLogits = backboneHead.forward(store, new NDList(embedding), training).singletonOrThrow();
    if (messagePassing == null) {
      return new NDList(embedding, backboneLogits);
    }
    NDArray normalized = l2Normalize(embedding);
    NDList mpnInputs = inputs.size() > 1 ? new NDList(normalized, inputs.get(1)) : new NDList(normalized);
    NDList mpn = messagePassing.forward(store, mpnInputs, training);
    NDArray mpnLogits = mpnHead.forward(store, new NDList(mpn.get(1)), training).singletonOrThrow();
    NDList out = new NDList(embedding, backboneLogits, mpnLogits, mpn.get(0));
    out.addAll(mpn.subNDList(2));
    return out;
  }

  private static Output fromList(NDList list) {
    if (list.size() == 2) {
      return new Output(list.get(0), list.get(1), null, null, List.of());
    }
    return new Output(list.get(0), list.get(1), list.get(2), list.get(3), list.subList(4, list.size()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    Shape e = new Shape(b, embeddingDim);
    Shape logits = new Shape(b, classes);
    if (messagePassing == null) {
      return new Shape[] {e, logits};
    }
    Shape[] mpn = messagePassing.getOutputShapes(new Shape[] {e});
    Shape[] out = new Shape[2 + mpn.length];
    out[0] = e;
    out[1] = logits;
    out[2] = logits;
    out[3] = e;
    System.arraycopy(mpn, 2, out, 4, mpn.length - 2);
    return out;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    backbone.initialize(manager, dataType, inputShapes[0]);
    Shape e = new Shape(inputShapes[0].get(0), embeddingDim);
    backboneHead.initialize(manager, dataType, e);
    if (messagePassing != null) {
      Shape[] mpnInput = inputShapes.length > 1 ? new Shape[] {e, inputShapes[1]} : new Shape[] {e};
      messagePassing.initialize(manager, dataType, mpnInput);
      mpnHead.initialize(manager, dataType, new Shape(e.get(0), messagePassing.headWidth()));
    }
  }
}
