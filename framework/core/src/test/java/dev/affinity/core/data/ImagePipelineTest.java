package dev.affinity.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.affinity.spi.data.FileImage;
import dev.affinity.spi.data.Sample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePipelineTest {

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  @TempDir static Path dir;
  private static List<Sample> samples;
  private static NDManager manager;

  /** 12 noisy RGB PNGs of 40 x 30 (labels 1 to 4), written once. */
  @BeforeAll
  static void writeImages() throws IOException {
    Random random = new Random(11);
    samples = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
      for (int y = 0; y < 30; y++) {
        for (int x = 0; x < 40; x++) {
          image.setRGB(x, y, random.nextInt(0x1000000));
        }
      }
      samples.add(new Sample(1 + i % 4, new FileImage(write(image, i + ".png"))));
    }
    manager = NDManager.newBaseManager(Device.cpu());
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  private static Path write(BufferedImage image, String name) throws IOException {
    Path file = dir.resolve(name);
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  private static ImageConfig config(int threads) {
    return new ImageConfig().withSize(16).withThreads(threads);
  }

  /** Every batch of the pass, flattened: the pixels, then the labels. */
  private static List<float[]> run(ImageConfig config, List<int[]> batches, long seed, int epoch) {
    List<float[]> out = new ArrayList<>();
    try (ImagePipeline pipeline = new ImagePipeline(config);
        BatchStream stream = pipeline.training(samples, batches, seed, epoch, manager)) {
      while (stream.hasNext()) {
        try (Batch batch = stream.next()) {
          out.add(batch.images().toFloatArray());
          int[] labels = batch.labels().toIntArray();
          float[] asFloats = new float[labels.length];
          for (int i = 0; i < labels.length; i++) {
            asFloats[i] = labels[i];
          }
          out.add(asFloats);
        }
      }
    }
    return out;
  }

  private static final List<int[]> BATCHES =
      List.of(new int[] {0, 1, 2, 3, 0}, new int[] {4, 5, 6, 7, 8}, new int[] {9, 10, 11, 3, 2});

  @Test
  void theSameSeedGivesIdenticalTensorsWithOneAndWithFourThreads() {
    List<float[]> one = run(config(1), BATCHES, 42, 3);
    List<float[]> four = run(config(4), BATCHES, 42, 3);

    assertThat(four).hasSize(6);
    for (int i = 0; i < one.size(); i++) {
      assertThat(four.get(i)).isEqualTo(one.get(i));
    }
  }

  @Test
  void anotherEpochOrSeedAugmentsDifferentlyAndARepeatedImageIsAugmentedAnew() {
    float[] first = run(config(2), BATCHES, 42, 3).get(0);
    assertThat(run(config(2), BATCHES, 42, 4).get(0)).isNotEqualTo(first);
    assertThat(run(config(2), BATCHES, 43, 3).get(0)).isNotEqualTo(first);
    // batch 0 holds image 0 twice, in rows 0 and 4
    int image = 3 * 16 * 16;
    assertThat(Arrays.copyOfRange(first, 0, image))
        .isNotEqualTo(Arrays.copyOfRange(first, 4 * image, 5 * image));
  }

  @Test
  void batchesAreFloatImagesOfTheConfiguredSizeAndIntLabels() {
    try (ImagePipeline pipeline = new ImagePipeline(config(2));
        BatchStream stream = pipeline.training(samples, BATCHES, 1, 0, manager);
        Batch batch = stream.next()) {
      assertThat(batch.images().getShape()).isEqualTo(new Shape(5, 3, 16, 16));
      assertThat(batch.images().getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(batch.labels().getDataType()).isEqualTo(DataType.INT32);
      assertThat(batch.labels().toIntArray()).containsExactly(1, 2, 3, 4, 1);
      assertThat(batch.indices()).containsExactly(0, 1, 2, 3, 0);
      // normalized pixel values lie between (0 - mean) / std and (1 - mean) / std of their channel
      float[] values = batch.images().toFloatArray();
      int plane = 16 * 16;
      for (int i = 0; i < values.length; i++) {
        int channel = (i / plane) % 3;
        assertThat(values[i]).isBetween(-MEAN[channel] / STD[channel] - 1e-5f,
            (1 - MEAN[channel]) / STD[channel] + 1e-5f);
      }
    }
  }

  @Test
  void evaluationOfAUniformImageGivesItsNormalizedColourAndReadsGreyAsIs() throws IOException {
    BufferedImage colour = new BufferedImage(50, 20, BufferedImage.TYPE_3BYTE_BGR);
    BufferedImage grey = new BufferedImage(7, 9, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 50; x++) {
        colour.setRGB(x, y, (200 << 16) | (100 << 8) | 50);
      }
    }
    int[] greys = new int[7 * 9];
    Arrays.fill(greys, 77);
    grey.getRaster().setSamples(0, 0, 7, 9, 0, greys);
    List<Sample> uniform = List.of(new Sample(1, new FileImage(write(colour, "colour.png"))),
        new Sample(2, new FileImage(write(grey, "grey.png"))));
    try (ImagePipeline pipeline = new ImagePipeline(config(1));
        BatchStream stream = pipeline.evaluation(uniform, 8, manager);
        Batch batch = stream.next()) {
      float[] values = batch.images().toFloatArray();
      int plane = 16 * 16;
      int[][] expected = {{200, 100, 50}, {77, 77, 77}};
      for (int image = 0; image < 2; image++) {
        for (int c = 0; c < 3; c++) {
          float normalized = (expected[image][c] / 255f - MEAN[c]) / STD[c];
          for (int i = 0; i < plane; i++) {
            assertThat(values[(image * 3 + c) * plane + i]).isCloseTo(normalized, within(1e-5f));
          }
        }
      }
      assertThat(stream.hasNext()).isFalse();
    }
  }

  /**
   * With the crop fixed to the whole (square) image at its own size, flipping certain and erasing off, the
   * training transform is an exact mirror image: every output pixel samples one source pixel centre.
   */
  @Test
  void aCertainFlipOfAWholeImageCropMirrorsItExactly() throws IOException {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        image.setRGB(x, y, ((10 * x + y) << 16) | ((60 * y) << 8) | (x * y));
      }
    }
    ImageConfig config = new ImageConfig(4, List.of(1.0, 1.0), List.of(1.0, 1.0), 1.0, 0.0, List.of(0.02, 0.33),
        List.of(0.3, 3.3), 4, 4, ImageConfig.IMAGENET_MEAN, ImageConfig.IMAGENET_STD, 1, 1, OnBadImage.FAIL);
    float[] out = new ImageTransforms(config).train(ImageIO.read(write(image, "4x4.png").toFile()), new Random(1));
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        int mirrored = 3 - x;
        int[] rgb = {10 * mirrored + y, 60 * y, mirrored * y};
        for (int c = 0; c < 3; c++) {
          assertThat(out[(c * 4 + y) * 4 + x]).isCloseTo((rgb[c] / 255f - MEAN[c]) / STD[c], within(1e-5f));
        }
      }
    }
  }

  /**
   * Halving a 4-pixel-wide grey image averages, as PIL's bilinear filter does: its triangle widens to a
   * support of 2 source pixels, so output column 0 (centre 1.0) weighs source columns 0, 1, 2 by 0.75, 0.75,
   * 0.25 (normalized: 3/7, 3/7, 1/7) and column 1 (centre 3.0) columns 1, 2, 3 by 1/7, 3/7, 3/7.
   */
  @Test
  void shrinkingAveragesNeighboursAsPilDoes() throws IOException {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    int[] columns = {0, 100, 200, 40};
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        image.getRaster().setSample(x, y, 0, columns[x]);
      }
    }
    ImageConfig config = new ImageConfig(2, List.of(1.0, 1.0), List.of(1.0, 1.0), 0.0, 0.0, List.of(0.02, 0.33),
        List.of(0.3, 3.3), 2, 2, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), 1, 1, OnBadImage.FAIL);
    float[] out = new ImageTransforms(config).eval(image);
    float[] expected = {(3 * 0 + 3 * 100 + 200) / 7f / 255, (100 + 3 * 200 + 3 * 40) / 7f / 255};
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 2; y++) {
        assertThat(out[(c * 2 + y) * 2]).isCloseTo(expected[0], within(1e-6f));
        assertThat(out[(c * 2 + y) * 2 + 1]).isCloseTo(expected[1], within(1e-6f));
      }
    }
  }

  @Test
  void aMissingImageFailsNamingItsPath() throws IOException {
    Path missing = dir.resolve("missing.jpg");
    List<Sample> withMissing = List.of(samples.get(0), new Sample(2, new FileImage(missing)));
    try (ImagePipeline pipeline = new ImagePipeline(config(2));
        BatchStream stream = pipeline.evaluation(withMissing, 2, manager)) {
      assertThatThrownBy(stream::next)
          .isInstanceOf(BadImageException.class)
          .hasMessage("cannot read image " + missing + ": image file not found"
              + " (images.on_bad_image: skip drops such images and counts them)");
    }
  }

  @Test
  void underSkipABadImageLeavesItsBatchAndIsCounted() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.jpg"), "not a JPEG");
    List<Sample> withBad = new ArrayList<>(samples.subList(0, 3));
    withBad.add(new Sample(9, new FileImage(broken)));
    withBad.add(new Sample(9, new FileImage(dir.resolve("gone.png"))));
    List<int[]> batches = List.of(new int[] {0, 3, 1}, new int[] {3, 4}, new int[] {2});
    ImageConfig config = config(2).withOnBadImage(OnBadImage.SKIP);
    try (ImagePipeline pipeline = new ImagePipeline(config);
        BatchStream stream = pipeline.training(withBad, batches, 1, 0, manager)) {
      try (Batch batch = stream.next()) {
        assertThat(batch.indices()).containsExactly(0, 1);
        assertThat(batch.labels().toIntArray()).containsExactly(1, 2);
        assertThat(batch.images().getShape()).isEqualTo(new Shape(2, 3, 16, 16));
        assertThat(batch.skipped()).isEqualTo(1);
      }
      // the second batch has no readable image at all: it is left out
      try (Batch batch = stream.next()) {
        assertThat(batch.indices()).containsExactly(2);
      }
      assertThat(stream.hasNext()).isFalse();
      // broken.jpg was dropped twice but is one bad image
      assertThat(pipeline.skippedImages()).isEqualTo(2);
      assertThat(pipeline.skippedLocations()).containsExactly(broken.toString(), dir.resolve("gone.png").toString());
    }
  }

  @Test
  void closingABatchFreesItsArrays() {
    try (ImagePipeline pipeline = new ImagePipeline(config(1));
        BatchStream stream = pipeline.evaluation(samples, 4, manager)) {
      Batch batch = stream.next();
      batch.close();
      assertThat(batch.images().isReleased()).isTrue();
      assertThat(batch.labels().isReleased()).isTrue();
    }
  }
}
