package dev.affinity.core.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An optimizer whose whole state (per-parameter moments and step counts, the global step, the epoch) can be
 * saved and loaded back exactly, unlike DJL's, whose state is private.
 *
 * <p>It updates parameters in place from the gradients their arrays hold, then zeroes those gradients. Call
 * {@link #update} after the gradient collector is closed (in-place updates of leaves must run outside
 * autograd's recording). Parameters that are frozen ({@code !requiresGradient()}) or have no gradient are
 * skipped and get no state. State is keyed by the parameter's name in the list given to {@link #update}; keep
 * the names stable across a save and a load.
 *
 * <p>Learning rate for the t-th update (t from 1): {@code learningRate * schedule.factor(epoch, t - 1)}; the
 * caller sets the epoch with {@link #setEpoch}.
 *
 * <p>Not thread-safe. Close it to free its state arrays.
 */
public abstract class StatefulOptimizer implements AutoCloseable {

  private static final String MAGIC = "affinity-optimizer";
  private static final byte FORMAT = 1;

  /** One parameter's state: its own update count and its moment arrays. */
  protected static final class Slot {
    long steps;
    final NDArray[] arrays;

    Slot(NDArray[] arrays) {
      this.arrays = arrays;
    }

    /** How many times this parameter was updated, this update included. */
    public long steps() {
      return steps;
    }

    /** The i-th moment array, same shape and device as the parameter. */
    public NDArray array(int i) {
      return arrays[i];
    }
  }

  private final NDManager manager;
  private final double learningRate;
  private final LearningRateSchedule schedule;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private long steps;
  private int epoch;

  /**
   * @param manager the parent of the manager that holds the state arrays, never null
   * @param learningRate the base learning rate, positive
   * @param schedule the learning-rate factor over training, never null
   */
  protected StatefulOptimizer(NDManager manager, double learningRate, LearningRateSchedule schedule) {
    Objects.requireNonNull(manager, "manager is null");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning_rate must be a positive number, was " + learningRate);
    }
    this.schedule = Objects.requireNonNull(schedule, "schedule is null");
    this.learningRate = learningRate;
    this.manager = manager.newSubManager();
  }

  /** The name written into saved state; loading checks it. */
  protected abstract String kind();

  /** How many moment arrays each parameter needs. */
  protected abstract int arraysPerParameter();

  /**
   * Updates one parameter in place.
   *
   * @param weight the parameter's array, updated in place
   * @param gradient its gradient, read only
   * @param slot its state; {@code slot.steps()} already counts this update
   * @param learningRate the scheduled learning rate for this update
   */
  protected abstract void update(NDArray weight, NDArray gradient, Slot slot, double learningRate);

  /**
   * Updates every trainable parameter of the list from its gradient and zeroes the gradient.
   *
   * @param parameters name -> parameter, names unique and stable; never null
   */
  public final void update(PairList<String, Parameter> parameters) {
    double rate = learningRate();
    steps++;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Pair<String, Parameter> pair : parameters) {
        Parameter parameter = pair.getValue();
        if (!parameter.requiresGradient() || !parameter.isInitialized()) {
          continue;
        }
        NDArray weight = parameter.getArray();
        if (!weight.hasGradient()) {
          continue;
        }
        NDArray gradient = weight.getGradient();
        Slot slot = slots.computeIfAbsent(pair.getKey(), name -> newSlot(weight));
        slot.steps++;
        update(weight, gradient, slot, rate);
        gradient.subi(gradient);
      }
    }
  }

  private Slot newSlot(NDArray weight) {
    NDArray[] arrays = new NDArray[arraysPerParameter()];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
      NDScope.unregister(arrays[i]);
    }
    return new Slot(arrays);
  }

  /** The learning rate the next update will use. */
  public final double learningRate() {
    return learningRate * schedule.factor(epoch, steps);
  }

  /** The number of updates done so far. */
  public final long steps() {
    return steps;
  }

  /** The current epoch, from 0, as the schedule sees it. */
  public final int epoch() {
    return epoch;
  }

  /** Tells the schedule which epoch (from 0) the next updates belong to. */
  public final void setEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be at least 0, was " + epoch);
    }
    this.epoch = epoch;
  }

  /**
   * Writes the whole state: kind, step count, epoch, and each parameter's step count and moments (exact
   * bits).
   */
  public final void save(DataOutputStream out) throws IOException {
    out.writeUTF(MAGIC);
    out.writeByte(FORMAT);
    out.writeUTF(kind());
    out.writeLong(steps);
    out.writeInt(epoch);
    out.writeInt(slots.size());
    for (Map.Entry<String, Slot> entry : slots.entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeLong(entry.getValue().steps);
      for (NDArray array : entry.getValue().arrays) {
        byte[] bytes = array.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
      }
    }
  }

  /**
   * Replaces the state with what {@link #save} wrote; the moments go to the device of this optimizer's
   * manager.
   *
   * @throws IOException when the stream is not optimizer state, or is another optimizer's
   */
  public final void load(DataInputStream in) throws IOException {
    String magic = in.readUTF();
    if (!MAGIC.equals(magic)) {
      throw new IOException("not optimizer state: it starts with '" + magic + "'");
    }
    byte format = in.readByte();
    if (format != FORMAT) {
      throw new IOException("optimizer state format " + format + " is not supported, expected " + FORMAT);
    }
    String kind = in.readUTF();
    if (!kind().equals(kind)) {
      throw new IOException("optimizer state is for " + kind + ", this optimizer is " + kind());
    }
    long savedSteps = in.readLong();
    int savedEpoch = in.readInt();
    int count = in.readInt();
    Map<String, Slot> loaded = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      long slotSteps = in.readLong();
      NDArray[] arrays = new NDArray[arraysPerParameter()];
      for (int a = 0; a < arrays.length; a++) {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        arrays[a] = NDArray.decode(manager, bytes);
        NDScope.unregister(arrays[a]);
      }
      Slot slot = new Slot(arrays);
      slot.steps = slotSteps;
      loaded.put(name, slot);
    }
    closeSlots();
    slots.putAll(loaded);
    steps = savedSteps;
    epoch = savedEpoch;
  }

  private void closeSlots() {
    for (Slot slot : slots.values()) {
      for (NDArray array : slot.arrays) {
        array.close();
      }
    }
    slots.clear();
  }

  @Override
  public void close() {
    closeSlots();
    manager.close();
  }
}
