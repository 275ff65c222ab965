package dev.affinity.core.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.affinity.core.data.Batch;
import dev.affinity.core.data.BatchStream;
import dev.affinity.core.data.ImageConfig;
import dev.affinity.core.data.ImagePipeline;
import dev.affinity.core.data.ImageTransforms;
import dev.affinity.spi.data.DatasetLoader;
import dev.affinity.spi.data.DatasetSplits;
import dev.affinity.spi.data.FileImage;
import dev.affinity.spi.data.Sample;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Throughput of the training image pipeline on CUB-sized JPEGs (500 x 375, generated here, quality 0.85),
 * and of the generated {@code synthetic-shapes} data set.
 *
 * <p>Usage: {@code ImagePipelineBench [images (default 216)] [epochs (default 3)]}. Prints, after a warm-up
 * epoch, images per second of wall time and per second of CPU time (the figure per core, which stays
 * meaningful on a machine others share), for 1 thread and for one thread per core, and the CPU time that
 * decoding and the transforms take per image.
 */
public final class ImagePipelineBench {

  private static final int WIDTH = 500;
  private static final int HEIGHT = 375;
  private static final int BATCH = 54;

  private ImagePipelineBench() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 216;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int cores = Runtime.getRuntime().availableProcessors();
    Path dir = Files.createTempDirectory("affinity-bench-images");
    try {
      List<Sample> samples = writeJpegs(dir, count);
      System.out.printf(Locale.ROOT, "%d JPEGs of %d x %d, %.0f KB on average; %d cores%n", count, WIDTH, HEIGHT,
          size(dir) / 1024.0 / count, cores);
      ImageConfig config = new ImageConfig();
      breakdown(samples, config);
      for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
        Rate rate = throughput(samples, config.withThreads(threads), epochs);
        System.out.printf(Locale.ROOT,
            "training pipeline, 227 px, %d thread(s): %.0f images/s wall, %.0f images per CPU-second%n",
            threads, rate.wall(), rate.cpu());
      }
      synthetic(cores, epochs);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Images per second of wall time and per second of the process's CPU time (all threads, GC included). */
  record Rate(double wall, double cpu) {}

  /** Throughput of the whole pipeline, batches of 54 to NDArrays, after one warm-up epoch. */
  static Rate throughput(List<Sample> samples, ImageConfig config, int epochs) {
    List<int[]> batches = new ArrayList<>();
    for (int start = 0; start + BATCH <= samples.size(); start += BATCH) {
      int[] batch = new int[BATCH];
      for (int i = 0; i < BATCH; i++) {
        batch[i] = start + i;
      }
      batches.add(batch);
    }
    try (ImagePipeline pipeline = new ImagePipeline(config);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      long images = 0;
      long start = 0;
      long cpuStart = 0;
      for (int epoch = 0; epoch <= epochs; epoch++) {
        if (epoch == 1) {
          start = System.nanoTime();
          cpuStart = processCpuNanos();
          images = 0;
        }
        try (BatchStream stream = pipeline.training(samples, batches, 1, epoch, manager)) {
          while (stream.hasNext()) {
            try (Batch batch = stream.next()) {
              images += batch.size();
            }
          }
        }
      }
      return new Rate(images / ((System.nanoTime() - start) / 1e9), images / ((processCpuNanos() - cpuStart) / 1e9));
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Milliseconds per image for decoding and for the training transforms, one thread. */
  private static void breakdown(List<Sample> samples, ImageConfig config) throws IOException {
    ImageTransforms transforms = new ImageTransforms(config);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ImageIO.setUseCache(false);
    Random random = new Random(1);
    List<BufferedImage> decoded = new ArrayList<>();
    for (Sample sample : samples.subList(0, Math.min(samples.size(), 64))) {
      decoded.add(sample.image().read());
    }
    for (int round = 0; round < 3; round++) {
      long ours = 0;
      long java2d = 0;
      for (BufferedImage image : decoded) {
        long t0 = threads.getCurrentThreadCpuTime();
        transforms.eval(image);
        long t1 = threads.getCurrentThreadCpuTime();
        java2dEval(image, config);
        ours += t1 - t0;
        java2d += threads.getCurrentThreadCpuTime() - t1;
      }
      if (round == 2) {
        System.out.printf(Locale.ROOT, "evaluation transform (resize 256, crop 227, normalize), CPU time per image:"
            + " Resampler (antialiased) %.2f ms, Java2D drawImage bilinear %.2f ms%n",
            ours / 1e6 / decoded.size(), java2d / 1e6 / decoded.size());
      }
    }
    for (int round = 0; round < 2; round++) {
      long decode = 0;
      long transform = 0;
      for (Sample sample : samples) {
        long t0 = threads.getCurrentThreadCpuTime();
        BufferedImage image = sample.image().read();
        long t1 = threads.getCurrentThreadCpuTime();
        transforms.train(image, random);
        decode += t1 - t0;
        transform += threads.getCurrentThreadCpuTime() - t1;
      }
      if (round == 1) {
        System.out.printf(Locale.ROOT, "CPU time per image, 1 thread: decode %.2f ms, training transforms %.2f ms%n",
            decode / 1e6 / samples.size(), transform / 1e6 / samples.size());
      }
    }
  }

  /** The evaluation transform done with Java2D instead, for comparison: one bilinear drawImage, then normalize. */
  private static float[] java2dEval(BufferedImage image, ImageConfig config) {
    int w = image.getWidth();
    int h = image.getHeight();
    int newW = w <= h ? config.resize() : config.resize() * w / h;
    int newH = w <= h ? config.resize() * h / w : config.resize();
    int size = config.evalSize();
    AffineTransform transform = AffineTransform.getTranslateInstance(-(newW - size) / 2, -(newH - size) / 2);
    transform.scale((double) newW / w, (double) newH / h);
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, transform, null);
    g.dispose();
    int[] pixels = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    float[] chw = new float[3 * pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      for (int c = 0; c < 3; c++) {
        int value = (pixels[i] >> (16 - 8 * c)) & 0xFF;
        chw[c * pixels.length + i] = (float) ((value / 255.0 - config.mean().get(c)) / config.std().get(c));
      }
    }
    return chw;
  }

  /** The generated data set's rendering rate, and the pipeline on it at its own size (32 px). */
  private static void synthetic(int cores, int epochs) throws Exception {
    Class<?> type;
    try {
      type = Class.forName("dev.affinity.plugins.data.SyntheticShapes");
    } catch (ClassNotFoundException e) {
      System.out.println("synthetic-shapes: not on the class path, skipped");
      return;
    }
    // the benchmark sits below the plugins: build the plugin with its default settings by reflection
    Class<?> settingsType = Class.forName("dev.affinity.plugins.data.SyntheticShapes$Settings");
    Object settings = settingsType.getConstructor().newInstance();
    DatasetLoader loader = (DatasetLoader) type.getConstructor(settingsType).newInstance(settings);
    DatasetSplits splits = loader.load();
    List<Sample> train = splits.train();
    for (int round = 0; round < 2; round++) {
      long t0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      for (Sample sample : train) {
        sample.image().read();
      }
      if (round == 1) {
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0;
        System.out.printf(Locale.ROOT, "synthetic-shapes: %d training images rendered, %.0f per CPU-second%n",
            train.size(), train.size() / (cpu / 1e9));
      }
    }
    ImageConfig small = new ImageConfig().withSize(32);
    for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
      Rate rate = throughput(train, small.withThreads(threads), epochs);
      System.out.printf(Locale.ROOT,
          "synthetic-shapes training pipeline, 32 px, %d thread(s): %.0f images/s wall, %.0f per CPU-second%n",
          threads, rate.wall(), rate.cpu());
    }
  }

  /** Photo-like JPEGs: gradients, shapes and noise, so they compress like photographs (tens of KB). */
  private static List<Sample> writeJpegs(Path dir, int count) throws IOException {
    Random random = new Random(7);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.85f);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = image.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(new java.awt.GradientPaint(0, 0, new Color(random.nextInt(0xFFFFFF)), WIDTH, HEIGHT,
          new Color(random.nextInt(0xFFFFFF))));
      g.fillRect(0, 0, WIDTH, HEIGHT);
      for (int s = 0; s < 30; s++) {
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillOval(random.nextInt(WIDTH), random.nextInt(HEIGHT), 10 + random.nextInt(150), 10 + random.nextInt(150));
      }
      g.dispose();
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          int rgb = image.getRGB(x, y);
          int n = random.nextInt(25) - 12;
          int r = Math.max(0, Math.min(255, ((rgb >> 16) & 0xFF) + n));
          int gr = Math.max(0, Math.min(255, ((rgb >> 8) & 0xFF) + n));
          int b = Math.max(0, Math.min(255, (rgb & 0xFF) + n));
          image.setRGB(x, y, (r << 16) | (gr << 8) | b);
        }
      }
      Path file = dir.resolve(String.format("%05d.jpg", i));
      try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, null), param);
      }
      samples.add(new Sample(1 + i % 10, new FileImage(file)));
    }
    writer.dispose();
    return samples;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
