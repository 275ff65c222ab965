package dev.affinity.core.data;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The pixel work of the pipeline: one decoded image in, one normalized (3, S, S) float array out, in
 * channel-major order (all R, then all G, then all B; rows top to bottom). Stateless and thread-safe; all
 * randomness comes from the {@link Random} given, drawn in a fixed order.
 *
 * <p>Crop, resize, flip and normalization are one resampling of the decoded bytes ({@link Resampler}), with
 * PIL's bilinear filter, antialiased when shrinking, as torchvision's transforms on PIL images.
 */
public final class ImageTransforms {

  private static final int CROP_ATTEMPTS = 10;

  private final ImageConfig config;
  // value = pixel * scale - offset = (pixel / 255 - mean) / std
  private final float[] scale = new float[3];
  private final float[] offset = new float[3];

  public ImageTransforms(ImageConfig config) {
    this.config = config;
    for (int c = 0; c < 3; c++) {
      scale[c] = (float) (1 / (255 * config.std().get(c)));
      offset[c] = (float) (config.mean().get(c) / config.std().get(c));
    }
  }

  /** Training: RandomResizedCrop, horizontal flip, normalization, RandomErasing. */
  public float[] train(BufferedImage image, Random random) {
    int size = config.trainSize();
    int[] box = randomCrop(image.getWidth(), image.getHeight(), random);
    boolean flip = random.nextDouble() < config.flipProbability();
    float[] chw = Resampler.resample(image, box[0], box[1], (double) box[2] / size, (double) box[3] / size, flip,
        size, scale, offset);
    if (random.nextDouble() < config.erasingProbability()) {
      erase(chw, size, random);
    }
    return chw;
  }

  /** Evaluation: shorter side to {@code resize}, centre {@code eval_size} crop, normalization. */
  public float[] eval(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int resize = config.resize();
    int size = config.evalSize();
    // torchvision's Resize(int): the shorter side becomes resize, the longer is scaled and truncated
    int newWidth = width <= height ? resize : (int) ((long) resize * width / height);
    int newHeight = width <= height ? (int) ((long) resize * height / width) : resize;
    int left = (int) Math.round((newWidth - size) / 2.0);
    int top = (int) Math.round((newHeight - size) / 2.0);
    // the crop of the resized image, as a region of the source: resized pixel u + left covers source
    // [(u + left) * w / w', (u + left + 1) * w / w')
    double scaleX = (double) width / newWidth;
    double scaleY = (double) height / newHeight;
    return Resampler.resample(image, left * scaleX, top * scaleY, scaleX, scaleY, false, size, scale, offset);
  }

  /** torchvision's RandomResizedCrop.get_params: {x, y, width, height} within the image. */
  int[] randomCrop(int width, int height, Random random) {
    double area = (double) width * height;
    List<Double> scaleRange = config.cropScale();
    double logMin = Math.log(config.cropRatio().get(0));
    double logMax = Math.log(config.cropRatio().get(1));
    for (int attempt = 0; attempt < CROP_ATTEMPTS; attempt++) {
      double target = area * uniform(random, scaleRange.get(0), scaleRange.get(1));
      double ratio = Math.exp(uniform(random, logMin, logMax));
      int w = (int) Math.round(Math.sqrt(target * ratio));
      int h = (int) Math.round(Math.sqrt(target / ratio));
      if (w > 0 && w <= width && h > 0 && h <= height) {
        return new int[] {random.nextInt(width - w + 1), random.nextInt(height - h + 1), w, h};
      }
    }
    // fallback: the largest centred crop within the ratio range
    double inRatio = (double) width / height;
    int w = width;
    int h = height;
    if (inRatio < config.cropRatio().get(0)) {
      h = (int) Math.round(w / config.cropRatio().get(0));
    } else if (inRatio > config.cropRatio().get(1)) {
      w = (int) Math.round(h * config.cropRatio().get(1));
    }
    return new int[] {(width - w) / 2, (height - h) / 2, w, h};
  }

  /** torchvision's RandomErasing on a (3, size, size) array: one rectangle set to 0, if one fits in 10 tries. */
  void erase(float[] chw, int size, Random random) {
    double area = (double) size * size;
    double logMin = Math.log(config.erasingRatio().get(0));
    double logMax = Math.log(config.erasingRatio().get(1));
    for (int attempt = 0; attempt < CROP_ATTEMPTS; attempt++) {
      double target = area * uniform(random, config.erasingScale().get(0), config.erasingScale().get(1));
      double ratio = Math.exp(uniform(random, logMin, logMax));
      int h = (int) Math.round(Math.sqrt(target * ratio));
      int w = (int) Math.round(Math.sqrt(target / ratio));
      if (h < size && w < size) {
        int top = random.nextInt(size - h + 1);
        int left = random.nextInt(size - w + 1);
        for (int c = 0; c < 3; c++) {
          for (int y = top; y < top + h; y++) {
            int row = (c * size + y) * size;
            Arrays.fill(chw, row + left, row + left + w, 0f);
          }
        }
        return;
      }
    }
  }

  private static double uniform(Random random, double min, double max) {
    return min + (max - min) * random.nextDouble();
  }
}
