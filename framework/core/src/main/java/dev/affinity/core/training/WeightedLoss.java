package dev.affinity.core.training;

import dev.affinity.core.model.Head;
import dev.affinity.spi.loss.LossBlock;
import dev.affinity.spi.loss.LossInput;

/**
 * One term of the training objective: {@code weight * loss(head's input)}.
 *
 * @param name a label for reports (such as {@code backbone/label-smoothed-ce}), never null
 * @param loss the loss block, never null; its parameters, if any, are trained with the model
 * @param input what the loss reads: the head's logits, or its L2-normalized embeddings; never null
 * @param head which head, never null
 * @param weight the term's weight, finite
 */
public record WeightedLoss(String name, LossBlock loss, LossInput input, Head head, double weight) {

  public WeightedLoss {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    if (loss == null) {
      throw new IllegalArgumentException(name + ": loss is null");
    }
    if (input == null) {
      throw new IllegalArgumentException(name + ": input is null");
    }
    if (head == null) {
      throw new IllegalArgumentException(name + ": head must be backbone or mpn, was null");
    }
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException(name + ": weight must be a finite number, was " + weight);
    }
  }
}
