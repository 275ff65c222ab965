package dev.affinity.plugins.backbone;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A batch norm that always normalizes with its running statistics and never learns: its scale and shift are
 * frozen and its statistics are not updated, in training as in evaluation (PyTorch's {@code bn.eval()} with
 * {@code requires_grad=False}).
 */
final class FrozenBatchNorm extends AbstractBlock {

  private final BatchNorm norm;

  FrozenBatchNorm(BatchNorm norm) {
    super((byte) 1);
    this.norm = addChildBlock("bn", norm);
    norm.freezeParameters(true);
  }

  BatchNorm norm() {
    return norm;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return norm.forward(store, inputs, false, params);
  }

  /** Saved exactly as the plain batch norm, so a parameter file does not depend on freezing. */
  @Override
  public void saveParameters(DataOutputStream os) throws IOException {
    norm.saveParameters(os);
  }

  @Override
  public void loadParameters(NDManager manager, DataInputStream is)
      throws IOException, MalformedModelException {
    norm.loadParameters(manager, is);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    norm.initialize(manager, dataType, inputShapes);
  }
}
