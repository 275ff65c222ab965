package dev.affinity.spi;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of this SPI, {@code major.minor}, and the rule for which plugins it accepts.
 *
 * <p>Every plugin class is stamped at compile time with the SPI version it was compiled against (the
 * annotation processor in this artifact writes {@value #STAMP_RESOURCE}). The core accepts a plugin when its
 * major equals the running SPI's major and its minor is not newer: minors only add, majors break.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public final class SpiVersion {

  /** The running SPI's version. */
  public static final String CURRENT = "1.0";

  /**
   * The resource, inside a plugin's jar or class folder, that maps each plugin class name to the SPI
   * version it was compiled against (a {@link java.util.Properties} file).
   */
  public static final String STAMP_RESOURCE = "META-INF/affinity/plugins.properties";

  private static final Pattern FORMAT = Pattern.compile("(\\d+)\\.(\\d+)");

  private SpiVersion() {}

  /**
   * Whether a plugin compiled against {@code pluginVersion} runs on this SPI.
   *
   * @param pluginVersion a {@code major.minor} version, never null
   * @return true when the majors match and the plugin's minor is not newer than {@link #CURRENT}'s
   * @throws IllegalArgumentException when the version is not of the form {@code major.minor}
   */
  public static boolean accepts(String pluginVersion) {
    int[] plugin = parse(pluginVersion);
    int[] current = parse(CURRENT);
    return plugin[0] == current[0] && plugin[1] <= current[1];
  }

  private static int[] parse(String version) {
    Objects.requireNonNull(version, "version is null");
    Matcher m = FORMAT.matcher(version.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "SPI version '" + version + "' is not of the form major.minor, such as " + CURRENT);
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }
}
