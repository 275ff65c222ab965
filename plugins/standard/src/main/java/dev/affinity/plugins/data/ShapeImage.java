package dev.affinity.plugins.data;

import dev.affinity.spi.data.ImageSource;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Random;

/** One rendered instance of a {@link ShapePrototype}: its pixels depend on (seed, label, index) only. */
final class ShapeImage implements ImageSource {

  private static final double NOISE = 8;

  private final ShapePrototype prototype;
  private final long seed;
  private final int label;
  private final int index;
  private final int size;

  ShapeImage(ShapePrototype prototype, long seed, int label, int index, int size) {
    this.prototype = prototype;
    this.seed = seed;
    this.label = label;
    this.index = index;
    this.size = size;
  }

  @Override
  public BufferedImage read() {
    Random random = new Random(ShapePrototype.mix(seed, label, index));
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      // the background's hue is the class's, its brightness the instance's
      g.setColor(Color.getHSBColor(prototype.backgroundHue() + 0.05f * (float) gaussian(random), 0.3f,
          0.05f + 0.4f * random.nextFloat()));
      g.fillRect(0, 0, size, size);
      // the instance's affine transform, about the image centre, in unit coordinates
      AffineTransform view = new AffineTransform();
      view.scale(size, size);
      view.translate(0.5 + 0.1 * gaussian(random), 0.5 + 0.1 * gaussian(random));
      view.rotate(0.5 * gaussian(random));
      view.shear(0.1 * gaussian(random), 0.1 * gaussian(random));
      double scale = 0.9 + 0.12 * gaussian(random);
      view.scale(scale, scale);
      view.translate(-0.5, -0.5);
      // clutter that belongs to no class: one or two small random parts behind the class's parts
      for (int i = random.nextInt(3); i > 0; i--) {
        draw(g, view, ShapePrototype.clutter(random), random);
      }
      for (ShapePrototype.Part part : prototype.parts()) {
        draw(g, view, part, random);
      }
    } finally {
      g.dispose();
    }
    addNoise(image, random);
    return image;
  }

  private static void draw(Graphics2D g, AffineTransform view, ShapePrototype.Part part, Random random) {
    AffineTransform at = new AffineTransform(view);
    at.translate(part.x() + 0.03 * gaussian(random), part.y() + 0.03 * gaussian(random));
    at.rotate(part.angle() + 0.15 * gaussian(random));
    double radius = part.radius() * (1 + 0.08 * gaussian(random));
    at.scale(radius, radius * part.aspect());
    float hue = part.hue() + 0.03f * (float) gaussian(random);
    float brightness = clamp(part.brightness() + 0.1f * (float) gaussian(random));
    g.setColor(Color.getHSBColor(hue, part.saturation(), brightness));
    // stroke widths are in image widths; the part's frame is scaled by radius, so divide it out
    float width = (float) (part.width() * (1 + 0.1 * gaussian(random)) / radius);
    Shape outline = switch (part.kind()) {
      case ELLIPSE, RING -> new Ellipse2D.Double(-1, -1, 2, 2);
      case POLYGON, STAR -> path(part.points(), true, 0.06, random);
      case STROKE -> path(part.points(), false, 0.12, random);
    };
    Shape shape = at.createTransformedShape(switch (part.kind()) {
      case RING, STROKE -> new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
          .createStrokedShape(outline);
      default -> outline;
    });
    g.fill(shape);
  }

  private static Path2D path(double[] points, boolean closed, double jitter, Random random) {
    Path2D.Double path = new Path2D.Double();
    for (int i = 0; i < points.length; i += 2) {
      double x = points[i] + jitter * gaussian(random);
      double y = points[i + 1] + jitter * gaussian(random);
      if (i == 0) {
        path.moveTo(x, y);
      } else {
        path.lineTo(x, y);
      }
    }
    if (closed) {
      path.closePath();
    }
    return path;
  }

  private static void addNoise(BufferedImage image, Random random) {
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < pixels.length; i++) {
      int p = pixels[i];
      int r = channel((p >> 16) & 0xFF, random);
      int gr = channel((p >> 8) & 0xFF, random);
      int b = channel(p & 0xFF, random);
      pixels[i] = (r << 16) | (gr << 8) | b;
    }
  }

  private static int channel(int value, Random random) {
    return Math.max(0, Math.min(255, (int) Math.round(value + NOISE * random.nextGaussian())));
  }

  /** A standard normal draw cut at 2.5, so no transform runs away. */
  private static double gaussian(Random random) {
    return Math.max(-2.5, Math.min(2.5, random.nextGaussian()));
  }

  private static float clamp(float value) {
    return Math.max(0, Math.min(1, value));
  }

  @Override
  public String location() {
    return SyntheticShapes.NAME + ":seed=" + seed + "/class=" + label + "/image=" + index;
  }
}
