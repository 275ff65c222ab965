package dev.affinity.spi.metric;

import dev.affinity.spi.Api;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a metric plugin; the class must be public, concrete and implement {@link RetrievalMetric}.
 *
 * @since 1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Api(status = Api.Status.STABLE, since = "1.0")
public @interface Metric {

  /** The name a manifest uses, unique among plugins of this kind: lower case letters, digits, dashes and underscores ({@link dev.affinity.spi.PluginKind#NAME}). */
  String name();

  /** One line for {@code affinity plugins}. */
  String description();
}
