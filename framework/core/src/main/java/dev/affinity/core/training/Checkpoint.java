package dev.affinity.core.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.affinity.core.io.AtomicFiles;
import dev.affinity.core.training.optim.StatefulOptimizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code --resume} needs to continue a run exactly: every trainable block's parameters, the
 * optimizer's state (moments, step counts, schedule position) and where the loop stands. The random state
 * needs no saving: every step reseeds the engine from (seed, epoch, step), and the sampler and the image
 * pipeline are pure functions of (seed, epoch, index).
 *
 * @param epochsDone epochs completed, from 0
 * @param bestEpoch the 1-based epoch whose model scored best so far, 0 when none was evaluated
 * @param bestScore that model's selection score
 */
public record Checkpoint(int epochsDone, int bestEpoch, double bestScore) {

  private static final String MAGIC = "affinity-checkpoint";
  private static final byte FORMAT = 1;

  /** Writes the checkpoint atomically: a kill at any moment leaves the previous one whole. */
  public void write(Path file, List<Block> blocks, StatefulOptimizer optimizer) throws IOException {
    AtomicFiles.write(file, raw -> {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
      out.writeUTF(MAGIC);
      out.writeByte(FORMAT);
      out.writeInt(epochsDone);
      out.writeInt(bestEpoch);
      out.writeDouble(bestScore);
      out.writeInt(blocks.size());
      for (Block block : blocks) {
        block.saveParameters(out);
      }
      optimizer.save(out);
      out.flush();
    });
  }

  /**
   * Reads a checkpoint into initialized blocks and a fresh optimizer.
   *
   * @throws IOException naming the file when it is not a checkpoint of this format or does not fit the model
   */
  public static Checkpoint read(Path file, List<Block> blocks, StatefulOptimizer optimizer, NDManager manager)
      throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (!MAGIC.equals(in.readUTF()) || in.readByte() != FORMAT) {
        throw new IOException(file + ": not an Affinity checkpoint of format " + FORMAT);
      }
      Checkpoint checkpoint = new Checkpoint(in.readInt(), in.readInt(), in.readDouble());
      int count = in.readInt();
      if (count != blocks.size()) {
        throw new IOException(file + ": holds " + count + " blocks, the run has " + blocks.size()
            + "; was the manifest changed since the checkpoint?");
      }
      for (Block block : blocks) {
        load(block, manager, in);
      }
      optimizer.load(in);
      return checkpoint;
    } catch (MalformedModelException e) {
      throw new IOException(file + ": does not fit the model (" + e.getMessage()
          + "); was the manifest changed since the checkpoint?", e);
    }
  }

  /** Saves one block's parameters (the best model so far) atomically. */
  public static void writeParameters(Path file, Block block) throws IOException {
    AtomicFiles.write(file, raw -> {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
      block.saveParameters(out);
      out.flush();
    });
  }

  /** Loads what {@link #writeParameters} saved. */
  public static void readParameters(Path file, Block block, NDManager manager) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      load(block, manager, in);
    } catch (MalformedModelException e) {
      throw new IOException(file + ": does not fit the model: " + e.getMessage(), e);
    }
  }

  /** Loaded arrays come without autograd: trainable ones must ask for gradients again. */
  private static void load(Block block, NDManager manager, DataInputStream in)
      throws IOException, MalformedModelException {
    block.loadParameters(manager, in);
    for (var parameter : block.getParameters().values()) {
      if (parameter.requiresGradient() && parameter.isInitialized()) {
        parameter.getArray().setRequiresGradient(true);
      }
    }
  }
}
