package dev.affinity.spi.data;

import dev.affinity.spi.Api;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * An image file (JPEG, PNG or any format ImageIO reads).
 *
 * @param path the file, never null
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public record FileImage(Path path) implements ImageSource {

  public FileImage {
    Objects.requireNonNull(path, "path is null");
  }

  @Override
  public BufferedImage read() throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "image file not found");
    }
    BufferedImage image;
    try (var in = Files.newInputStream(path)) {
      image = ImageIO.read(in);
    }
    if (image == null) {
      throw new IOException(path + ": not a decodable image (JPEG, PNG, BMP or GIF expected)");
    }
    return image;
  }

  @Override
  public String location() {
    return path.toString();
  }
}
