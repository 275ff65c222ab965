package dev.affinity.core.data;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * Bilinear resampling straight from a decoded image's bytes into a normalized (3, S, S) float array, the
 * way PIL resizes (and so torchvision, on PIL images): a separable triangle filter whose support widens
 * with the shrink factor, so shrinking averages every source pixel instead of skipping some (antialiasing);
 * enlarging is plain bilinear interpolation. Weights are normalized over the taps inside the image. Unlike
 * PIL it keeps floats between the two passes instead of rounding to bytes.
 *
 * <p>Output column u covers the source interval starting at {@code x0 + u * scaleX}, of width
 * {@code scaleX} (source pixel i covers [i, i + 1)); likewise rows. It costs about the CPU time of Java2D's
 * bilinear {@code drawImage} (docs/benchmarks.md), which does not antialias, and it reads grey images'
 * bytes as they are, as PIL does, where Java2D would gamma-convert them.
 */
final class Resampler {

  private Resampler() {}

  /** The taps of one output pixel along one axis: first source index and normalized weights. */
  private record Taps(int[] start, float[][] weights) {}

  /**
   * @param x0 left edge of the sampled region in source pixels
   * @param scaleX source pixels per output column
   * @param flip whether output columns run right to left
   * @param scale per channel, multiplies the 0-255 value
   * @param offset per channel, subtracted after scaling
   */
  static float[] resample(BufferedImage image, double x0, double y0, double scaleX, double scaleY, boolean flip,
      int size, float[] scale, float[] offset) {
    BufferedImage source = byteInterleaved(image) ? image : toBgr(image);
    Raster raster = source.getRaster();
    ComponentSampleModel model = (ComponentSampleModel) raster.getSampleModel();
    byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
    int scan = model.getScanlineStride();
    int step = model.getPixelStride();
    int[] bands = model.getBandOffsets();
    int base = raster.getDataBuffer().getOffset()
        - raster.getSampleModelTranslateY() * scan - raster.getSampleModelTranslateX() * step;
    // grey images (one or two bands) read band 0 for R, G and B
    int[] channel = bands.length >= 3 ? new int[] {bands[0], bands[1], bands[2]}
        : new int[] {bands[0], bands[0], bands[0]};

    Taps columns = taps(x0, scaleX, size, source.getWidth());
    Taps rows = taps(y0, scaleY, size, source.getHeight());
    int firstRow = rows.start()[0];
    int lastRow = firstRow;
    for (int v = 0; v < size; v++) {
      lastRow = Math.max(lastRow, rows.start()[v] + rows.weights()[v].length);
    }
    // horizontal pass over the rows the vertical pass needs: (row, channel, column)
    int height = lastRow - firstRow;
    int r = channel[0];
    int g = channel[1];
    int b = channel[2];
    float[] horizontal = new float[height * 3 * size];
    for (int y = 0; y < height; y++) {
      int row = base + (firstRow + y) * scan;
      int out = y * 3 * size;
      for (int u = 0; u < size; u++) {
        int column = flip ? size - 1 - u : u;
        float[] w = columns.weights()[column];
        float sumR = 0;
        float sumG = 0;
        float sumB = 0;
        for (int t = 0, at = row + columns.start()[column] * step; t < w.length; t++, at += step) {
          sumR += w[t] * (data[at + r] & 0xFF);
          sumG += w[t] * (data[at + g] & 0xFF);
          sumB += w[t] * (data[at + b] & 0xFF);
        }
        horizontal[out + u] = sumR;
        horizontal[out + size + u] = sumG;
        horizontal[out + 2 * size + u] = sumB;
      }
    }
    int plane = size * size;
    float[] chw = new float[3 * plane];
    for (int v = 0; v < size; v++) {
      float[] w = rows.weights()[v];
      int first = rows.start()[v] - firstRow;
      for (int c = 0; c < 3; c++) {
        int out = c * plane + v * size;
        for (int t = 0; t < w.length; t++) {
          int in = ((first + t) * 3 + c) * size;
          float weight = w[t];
          for (int u = 0; u < size; u++) {
            chw[out + u] += weight * horizontal[in + u];
          }
        }
        for (int u = 0; u < size; u++) {
          chw[out + u] = chw[out + u] * scale[c] - offset[c];
        }
      }
    }
    return chw;
  }

  /** PIL's precompute_coeffs for the bilinear (triangle) filter. */
  private static Taps taps(double origin, double scale, int size, int extent) {
    double filterScale = Math.max(scale, 1);
    double support = filterScale;
    int[] start = new int[size];
    float[][] weights = new float[size][];
    for (int o = 0; o < size; o++) {
      double centre = origin + (o + 0.5) * scale;
      int min = Math.max((int) (centre - support + 0.5), 0);
      int max = Math.min((int) (centre + support + 0.5), extent);
      if (max <= min) {
        // the interval lies outside the image: repeat the nearest edge pixel
        min = Math.min(Math.max(min, 0), extent - 1);
        max = min + 1;
      }
      float[] w = new float[max - min];
      double total = 0;
      for (int i = 0; i < w.length; i++) {
        double x = (min + i - centre + 0.5) / filterScale;
        double weight = Math.max(0, 1 - Math.abs(x));
        w[i] = (float) weight;
        total += weight;
      }
      for (int i = 0; i < w.length; i++) {
        w[i] = total > 0 ? (float) (w[i] / total) : 1f / w.length;
      }
      start[o] = min;
      weights[o] = w;
    }
    return new Taps(start, weights);
  }

  /** Whether the pixels are 8-bit RGB(A) or grey bytes, interleaved in one bank: what JPEG and most PNGs decode to. */
  private static boolean byteInterleaved(BufferedImage image) {
    Raster raster = image.getRaster();
    if (!(raster.getSampleModel() instanceof ComponentSampleModel model)
        || raster.getDataBuffer().getDataType() != DataBuffer.TYPE_BYTE
        || raster.getDataBuffer().getNumBanks() != 1) {
      return false;
    }
    for (int bank : model.getBankIndices()) {
      if (bank != 0) {
        return false;
      }
    }
    int type = image.getColorModel().getColorSpace().getType();
    int bands = model.getNumBands();
    return (type == ColorSpace.TYPE_RGB && bands >= 3 && image.getColorModel().getColorSpace().isCS_sRGB())
        || (type == ColorSpace.TYPE_GRAY && bands <= 2);
  }

  /** Anything else (packed ints, 16-bit, palettes, other colour spaces) converted once by Java2D. */
  private static BufferedImage toBgr(BufferedImage image) {
    BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = copy.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return copy;
  }
}
