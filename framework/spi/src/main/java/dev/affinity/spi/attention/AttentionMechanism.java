package dev.affinity.spi.attention;

import dev.affinity.spi.Api;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as an attention plugin; the class must be public, concrete and implement {@link Attention}.
 *
 * <pre>{@code
 * @AttentionMechanism(name = "cosine", description = "cosine similarity with a learned temperature")
 * public final class CosineAttention implements Attention { ... }
 * }</pre>
 *
 * @since 1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Api(status = Api.Status.STABLE, since = "1.0")
public @interface AttentionMechanism {

  /** The name a manifest uses, unique among attention plugins: lower case letters, digits, dashes and underscores ({@link dev.affinity.spi.PluginKind#NAME}). */
  String name();

  /** One line for {@code affinity plugins}. */
  String description();
}
