package dev.affinity.plugins.backbone;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.UniformInitializer;
import dev.affinity.spi.backbone.Backbone;
import dev.affinity.spi.backbone.BackboneNetwork;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ResNet-50 (torchvision's layout: stride on the 3x3 convolution), global max pooling, then
 * {@code Linear(2048 -> d)}: the paper's backbone.
 *
 * <p>Pretrained weights: {@code weights} names either a file written by DJL's
 * {@link Block#saveParameters} from a block this plugin built (same d), or a TorchScript module of
 * torchvision's {@code resnet50} (a zip; its {@code conv1.weight}, {@code layer1.0.bn1.running_mean}, ...
 * are matched by name; {@code fc} is ignored and the embedding layer keeps its initialization).
 */
@Backbone(name = "resnet50", description = "ResNet-50, global max pooling, Linear(2048 -> d), as in the paper")
public final class ResNet50Backbone implements BackboneNetwork {

  /**
   * @param weights the pretrained weights file, or null to start from random weights
   * @param freezeBatchNorm when true every batch norm uses its running statistics and is not trained
   */
  public record Settings(Path weights, boolean freezeBatchNorm) {

    /** The defaults: random weights, batch norms trained. */
    public Settings() {
      this(null, false);
    }
  }

  static final int FEATURES = 2048;

  private final Settings settings;

  public ResNet50Backbone(Settings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings is null");
    }
    this.settings = settings;
  }

  @Override
  public Block build(int embeddingDim) {
    if (embeddingDim < 1) {
      throw new IllegalArgumentException("embedding dim must be at least 1, was " + embeddingDim);
    }
    return new Net(embeddingDim, settings.freezeBatchNorm());
  }

  @Override
  public void loadPretrained(Block block) throws IOException {
    if (settings.weights() == null) {
      return;
    }
    if (!(block instanceof Net net)) {
      throw new IllegalArgumentException("resnet50 loads weights only into blocks it built, got " + block);
    }
    Path file = settings.weights();
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "resnet50 weights file not found");
    }
    if (isZip(file)) {
      loadTorchScript(net, file);
    } else {
      loadDjl(net, file);
    }
  }

  private static boolean isZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 'P' && in.read() == 'K';
    }
  }

  private static void loadDjl(Net net, Path file) throws IOException {
    Net fromFile = new Net(net.embeddingDim, false);
    NDManager manager = anyArray(net).getManager();
    try (NDManager scratch = manager.newSubManager();
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      try {
        fromFile.loadParameters(scratch, in);
      } catch (MalformedModelException | RuntimeException e) {
        throw new IOException(file + " is not a resnet50 parameter file written by this plugin: "
            + e.getMessage(), e);
      }
      ParameterList expected = net.getParameters();
      ParameterList found = fromFile.getParameters();
      for (int i = 0; i < expected.size(); i++) {
        copy(file, expected.keys().get(i), found.get(i).getValue().getArray(), expected.get(i).getValue());
      }
    }
  }

  private static void loadTorchScript(Net net, Path file) throws IOException {
    try (Model model = Model.newInstance("resnet50-pretrained", Device.cpu(), "PyTorch")) {
      try {
        model.load(file);
      } catch (MalformedModelException | RuntimeException e) {
        throw new IOException(file + " could not be read as a TorchScript module: " + e.getMessage(), e);
      }
      Map<String, Parameter> found = new LinkedHashMap<>();
      for (var pair : model.getBlock().getParameters()) {
        found.put(pair.getKey(), pair.getValue());
      }
      for (Map.Entry<String, Parameter> entry : net.torchNames.entrySet()) {
        Parameter source = found.get(entry.getKey());
        if (source == null) {
          throw new IOException(file + " has no parameter " + entry.getKey());
        }
        copy(file, entry.getKey(), source.getArray(), entry.getValue());
      }
    }
  }

  private static void copy(Path file, String name, NDArray source, Parameter target) throws IOException {
    Shape want = target.getArray().getShape();
    if (!source.getShape().equals(want)) {
      throw new IOException(file + ": parameter " + name + " has shape " + source.getShape()
          + " in the file, the model needs " + want);
    }
    target.getArray().set(source.toByteBuffer());
  }

  private static NDArray anyArray(Block block) {
    return block.getParameters().get(0).getValue().getArray();
  }

  /** The network, with each parameter's torchvision name for TorchScript loading. */
  static final class Net extends SequentialBlock {

    final int embeddingDim;
    final Map<String, Parameter> torchNames;
    private final boolean freezeBatchNorm;
    private final Map<String, Parameter> names = new LinkedHashMap<>();

    Net(int embeddingDim, boolean freezeBatchNorm) {
      this.embeddingDim = embeddingDim;
      this.freezeBatchNorm = freezeBatchNorm;
      add(conv("conv1", 64, 7, 2, 3));
      add(norm("bn1"));
      add(Activation.reluBlock());
      add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
      int[] blocks = {3, 4, 6, 3};
      int in = 64;
      for (int stage = 0; stage < blocks.length; stage++) {
        int width = 64 << stage;
        for (int b = 0; b < blocks[stage]; b++) {
          int stride = stage > 0 && b == 0 ? 2 : 1;
          add(bottleneck("layer" + (stage + 1) + "." + b, in, width, stride));
          in = width * 4;
        }
      }
      add(Pool.globalMaxPool2dBlock());
      Linear embedding = Linear.builder().setUnits(embeddingDim).build();
      embedding.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(FEATURES))), p -> true);
      add(embedding);
      torchNames = Collections.unmodifiableMap(new LinkedHashMap<>(names));
    }

    private Block bottleneck(String prefix, int in, int width, int stride) {
      SequentialBlock main = new SequentialBlock()
          .add(conv(prefix + ".conv1", width, 1, 1, 0))
          .add(norm(prefix + ".bn1"))
          .add(Activation.reluBlock())
          .add(conv(prefix + ".conv2", width, 3, stride, 1))
          .add(norm(prefix + ".bn2"))
          .add(Activation.reluBlock())
          .add(conv(prefix + ".conv3", width * 4, 1, 1, 0))
          .add(norm(prefix + ".bn3"));
      Block shortcut = in == width * 4 && stride == 1
          ? Blocks.identityBlock()
          : new SequentialBlock()
              .add(conv(prefix + ".downsample.0", width * 4, 1, stride, 0))
              .add(norm(prefix + ".downsample.1"));
      List<Block> branches = new ArrayList<>(List.of(main, shortcut));
      return new SequentialBlock()
          .add(new ParallelBlock(
              lists -> new NDList(lists.get(0).singletonOrThrow().add(lists.get(1).singletonOrThrow())),
              branches))
          .add(Activation.reluBlock());
    }

    private Block conv(String name, int filters, int kernel, int stride, int padding) {
      Conv2d conv = Conv2d.builder()
          .setKernelShape(new Shape(kernel, kernel))
          .optStride(new Shape(stride, stride))
          .optPadding(new Shape(padding, padding))
          .setFilters(filters)
          .optBias(false)
          .build();
      names.put(name + ".weight", conv.getParameters().get("weight"));
      return conv;
    }

    private Block norm(String name) {
      BatchNorm norm = BatchNorm.builder().build();
      ParameterList p = norm.getParameters();
      names.put(name + ".weight", p.get("gamma"));
      names.put(name + ".bias", p.get("beta"));
      names.put(name + ".running_mean", p.get("runningMean"));
      names.put(name + ".running_var", p.get("runningVar"));
      return freezeBatchNorm ? new FrozenBatchNorm(norm) : norm;
    }
  }
}
