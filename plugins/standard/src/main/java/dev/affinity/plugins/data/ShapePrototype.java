package dev.affinity.plugins.data;

import java.util.List;
import java.util.Random;

/**
 * A class of {@link SyntheticShapes}: a background hue and coloured parts, in unit coordinates (the
 * image is the square [0, 1]^2).
 */
record ShapePrototype(float backgroundHue, List<Part> parts) {

  enum Kind { ELLIPSE, POLYGON, STAR, RING, STROKE }

  /**
   * One coloured part.
   *
   * @param x centre, in [0, 1]
   * @param y centre, in [0, 1]
   * @param radius half the extent, in image widths
   * @param aspect height over width
   * @param angle rotation in radians
   * @param width line width of rings and strokes, in image widths
   * @param points the outline in the part's own frame ([-1, 1]^2): polygon and star vertices, stroke points
   */
  record Part(Kind kind, double x, double y, double radius, double aspect, double angle, double width,
      float hue, float saturation, float brightness, double[] points) {}

  static ShapePrototype of(long seed, int label) {
    Random random = new Random(mix(seed, label, -1));
    float backgroundHue = random.nextFloat();
    int count = 2 + random.nextInt(2);
    Part[] parts = new Part[count];
    for (int i = 0; i < count; i++) {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      // the first part is the large one that the others overlap
      double radius = i == 0 ? 0.22 + 0.12 * random.nextDouble() : 0.1 + 0.1 * random.nextDouble();
      double x = 0.5 + (i == 0 ? 0.1 : 0.3) * (2 * random.nextDouble() - 1);
      double y = 0.5 + (i == 0 ? 0.1 : 0.3) * (2 * random.nextDouble() - 1);
      parts[i] = new Part(kind, x, y, radius, 0.5 + random.nextDouble(), Math.PI * random.nextDouble(),
          0.04 + 0.06 * random.nextDouble(), random.nextFloat(), 0.55f + 0.45f * random.nextFloat(),
          0.7f + 0.3f * random.nextFloat(), points(kind, random));
    }
    return new ShapePrototype(backgroundHue, List.of(parts));
  }

  /** A small part of random kind, place and colour: clutter, the same for no two images. */
  static Part clutter(Random random) {
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    return new Part(kind, 0.1 + 0.8 * random.nextDouble(), 0.1 + 0.8 * random.nextDouble(),
        0.06 + 0.06 * random.nextDouble(), 0.5 + random.nextDouble(), Math.PI * random.nextDouble(),
        0.03 + 0.03 * random.nextDouble(), random.nextFloat(), 0.3f + 0.5f * random.nextFloat(),
        0.4f + 0.4f * random.nextFloat(), points(kind, random));
  }

  private static double[] points(Kind kind, Random random) {
    return switch (kind) {
      case POLYGON -> regular(3 + random.nextInt(4), 1, 1);
      case STAR -> regular(5 + random.nextInt(3), 1, 0.35 + 0.25 * random.nextDouble());
      case STROKE -> {
        double[] points = new double[2 * (3 + random.nextInt(3))];
        for (int i = 0; i < points.length; i++) {
          points[i] = 2 * random.nextDouble() - 1;
        }
        yield points;
      }
      case ELLIPSE, RING -> new double[0];
    };
  }

  /** The vertices of a regular polygon, or a star where {@code inner} < 1 (alternating radii 1 and inner). */
  private static double[] regular(int corners, double outer, double inner) {
    int vertices = inner < 1 ? 2 * corners : corners;
    double[] points = new double[2 * vertices];
    for (int v = 0; v < vertices; v++) {
      double r = inner < 1 && v % 2 == 1 ? inner : outer;
      double a = 2 * Math.PI * v / vertices;
      points[2 * v] = r * Math.cos(a);
      points[2 * v + 1] = r * Math.sin(a);
    }
    return points;
  }

  /** A 64-bit hash of the three values (the SplitMix64 finalizer), so nearby inputs give unrelated seeds. */
  static long mix(long seed, long label, long index) {
    long h = seed;
    for (long v : new long[] {label, index}) {
      h = (h ^ v) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 30;
      h *= 0xBF58476D1CE4E5B9L;
      h ^= h >>> 27;
      h *= 0x94D049BB133111EBL;
      h ^= h >>> 31;
    }
    return h;
  }
}
