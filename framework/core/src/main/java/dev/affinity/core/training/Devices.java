package dev.affinity.core.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a manifest's {@code device:} into a DJL device. */
public final class Devices {

  private Devices() {}

  /**
   * Resolves {@code auto}, {@code cpu} or {@code gpu}.
   *
   * <ul>
   *   <li>{@code auto}: GPU 0 when the engine sees a GPU, else the CPU. A CUDA runtime without a driver
   *       counts as no GPU; DJL's "Failed to detect GPU count" warning is kept out of the log meanwhile;
   *   <li>{@code cpu}: the CPU;
   *   <li>{@code gpu}: GPU 0, or an {@link IllegalStateException} when the engine sees none.
   * </ul>
   *
   * @param name the manifest's value, case-insensitive, never null
   * @return the device, never null
   * @throws IllegalArgumentException when the name is none of the three
   */
  public static Device resolve(String name) {
    if (name == null) {
      throw new IllegalArgumentException("device must be auto, cpu or gpu, was null");
    }
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "cpu":
        return Device.cpu();
      case "gpu":
        if (gpuCount() == 0) {
          throw new IllegalStateException(
              "device is gpu, but the engine sees no GPU (no CUDA build of PyTorch, or no driver); "
                  + "use device: auto or cpu");
        }
        return Device.gpu();
      case "auto":
        return gpuCount() > 0 ? Device.gpu() : Device.cpu();
      default:
        throw new IllegalArgumentException("device must be auto, cpu or gpu, was " + name);
    }
  }

  private static int gpuCount() {
    Logger cuda = LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils");
    if (cuda instanceof ch.qos.logback.classic.Logger logback) {
      ch.qos.logback.classic.Level before = logback.getLevel();
      logback.setLevel(ch.qos.logback.classic.Level.ERROR);
      try {
        return Engine.getInstance().getGpuCount();
      } finally {
        logback.setLevel(before);
      }
    }
    return Engine.getInstance().getGpuCount();
  }
}
