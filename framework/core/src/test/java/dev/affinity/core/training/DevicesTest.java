package dev.affinity.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class DevicesTest {

  @Test
  void cpuIsTheCpuAndAutoFollowsTheEngine() {
    assertThat(Devices.resolve("cpu")).isEqualTo(Device.cpu());
    Device expected = Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    assertThat(Devices.resolve("AUTO")).isEqualTo(expected);
  }

  @Test
  void gpuWithoutOneSaysSo() {
    assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
    assertThatThrownBy(() -> Devices.resolve("gpu"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("device is gpu, but the engine sees no GPU (no CUDA build of PyTorch, or no driver); "
            + "use device: auto or cpu");
  }

  @Test
  void anUnknownNameIsRefused() {
    assertThatThrownBy(() -> Devices.resolve("tpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device must be auto, cpu or gpu, was tpu");
  }
}
