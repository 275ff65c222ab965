package dev.affinity.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How far a public SPI type may be relied on, and since which SPI version it exists.
 *
 * <p>{@link Status#STABLE} types change only with a new SPI major version; {@link Status#EXPERIMENTAL}
 * types may change in a minor version, and a plugin that uses them should expect to be rebuilt.
 *
 * @since 1.0
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@Api(status = Api.Status.STABLE, since = "1.0")
public @interface Api {

  /** The promise this type makes. */
  Status status();

  /** The SPI version ({@code major.minor}) that introduced this type. */
  String since();

  /** The promises an SPI type can make. */
  enum Status {
    /** Changes only with a new SPI major version. */
    STABLE,
    /** May change in a minor version. */
    EXPERIMENTAL
  }
}
