package dev.affinity.plugins.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneTest {

  @TempDir Path dir;

  @Test
  void resnet50MapsImagesToEmbeddingsWithTorchvisionShapes() {
    Engine.getInstance().setRandomSeed(1);
    try (NDManager manager = NDManager.newBaseManager()) {
      Block net = new ResNet50Backbone(new ResNet50Backbone.Settings()).build(16);
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      NDArray out = net.forward(new ParameterStore(manager, false),
          new NDList(manager.randomNormal(new Shape(1, 3, 32, 32))), false).singletonOrThrow();
      assertThat(out.getShape()).isEqualTo(new Shape(1, 16));

      var names = ((ResNet50Backbone.Net) net).torchNames;
      // torchvision resnet50: 53 convolutions (49 + 4 downsample), 53 batch norms with 4 tensors each
      assertThat(names).hasSize(53 + 53 * 4);
      assertThat(names.get("layer4.2.conv3.weight").getShape()).isEqualTo(new Shape(2048, 512, 1, 1));
      assertThat(names.get("layer2.0.downsample.1.running_var").getShape()).isEqualTo(new Shape(512));
      long count = net.getParameters().values().stream()
          .filter(Parameter::requiresGradient).mapToLong(p -> p.getShape().size()).sum();
      // torchvision's 25,557,032 minus fc (2048 * 1000 + 1000) plus Linear(2048 -> 16)
      assertThat(count).isEqualTo(25_557_032L - 2_049_000L + 2048 * 16 + 16);
    }
  }

  @Test
  void resnet50LoadsItsOwnParameterFileAndNamesTheFirstMismatch() throws IOException {
    Engine.getInstance().setRandomSeed(2);
    try (NDManager manager = NDManager.newBaseManager()) {
      Path file = dir.resolve("resnet.params");
      // saved with frozen batch norms, loaded into plain ones: the file format does not depend on freezing
      Block saved = new ResNet50Backbone(new ResNet50Backbone.Settings(null, true)).build(8);
      saved.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
        saved.saveParameters(out);
      }

      ResNet50Backbone plugin = new ResNet50Backbone(new ResNet50Backbone.Settings(file, false));
      Block loaded = plugin.build(8);
      loaded.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      plugin.loadPretrained(loaded);
      NDArray x = manager.randomNormal(new Shape(1, 3, 32, 32));
      ParameterStore store = new ParameterStore(manager, false);
      assertThat(loaded.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray())
          .containsExactly(saved.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray());
      assertThat(((ResNet50Backbone.Net) saved).torchNames.get("bn1.weight").requiresGradient()).isFalse();
      assertThat(((ResNet50Backbone.Net) loaded).torchNames.get("bn1.weight").requiresGradient()).isTrue();

      Block wider = plugin.build(16);
      wider.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      String embeddingWeight = wider.getParameters().keys().get(wider.getParameters().size() - 2);
      assertThatThrownBy(() -> plugin.loadPretrained(wider))
          .isInstanceOf(IOException.class)
          .hasMessage(file + ": parameter " + embeddingWeight
              + " has shape (8, 2048) in the file, the model needs (16, 2048)");
    }
  }

  @Test
  void resnet50NamesAMissingWeightsFile() {
    Path missing = dir.resolve("nope.params");
    ResNet50Backbone plugin = new ResNet50Backbone(new ResNet50Backbone.Settings(missing, false));
    assertThatThrownBy(() -> plugin.loadPretrained(plugin.build(8)))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(missing + ": resnet50 weights file not found");
  }

  @Test
  void smallCnnMapsImagesToEmbeddings() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block net = new SmallCnnBackbone(new SmallCnnBackbone.Settings(List.of(4, 8))).build(6);
      net.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
      NDArray out = net.forward(new ParameterStore(manager, false),
          new NDList(manager.randomNormal(new Shape(2, 3, 32, 32))), true).singletonOrThrow();
      assertThat(out.getShape()).isEqualTo(new Shape(2, 6));
      long count = net.getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
      // conv 3*4*9 + BN 4*4, conv 4*8*9 + BN 8*4, Linear 8*6 + 6
      assertThat(count).isEqualTo(108 + 16 + 288 + 32 + 54);
    }
  }

  @Test
  void smallCnnRejectsEmptyChannels() {
    assertThatThrownBy(() -> new SmallCnnBackbone.Settings(List.of()))
        .hasMessage("channels must list at least one width, was []");
    assertThatThrownBy(() -> new SmallCnnBackbone.Settings(List.of(8, 0)))
        .hasMessage("channels must be at least 1 each, was [8, 0]");
  }
}
