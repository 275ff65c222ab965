package dev.affinity.spi;

import dev.affinity.spi.attention.Attention;
import dev.affinity.spi.attention.AttentionMechanism;
import dev.affinity.spi.backbone.Backbone;
import dev.affinity.spi.backbone.BackboneNetwork;
import dev.affinity.spi.data.BatchSampler;
import dev.affinity.spi.data.Dataset;
import dev.affinity.spi.data.DatasetLoader;
import dev.affinity.spi.data.Sampler;
import dev.affinity.spi.loss.Loss;
import dev.affinity.spi.loss.LossFunction;
import dev.affinity.spi.metric.Metric;
import dev.affinity.spi.metric.RetrievalMetric;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.util.regex.Pattern;

/**
 * The six kinds of plugin: each pairs its annotation with the interface a plugin of that kind implements.
 * The one place this pairing is written; the compile-time checks and the core's discovery both read it.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public enum PluginKind {
  ATTENTION("attention", AttentionMechanism.class, Attention.class),
  BACKBONE("backbone", Backbone.class, BackboneNetwork.class),
  DATASET("dataset", Dataset.class, DatasetLoader.class),
  SAMPLER("sampler", Sampler.class, BatchSampler.class),
  LOSS("loss", Loss.class, LossFunction.class),
  METRIC("metric", Metric.class, RetrievalMetric.class);

  /** What a plugin name may look like: lower case letters, digits, dashes and underscores. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  private final String label;
  private final Class<? extends Annotation> annotation;
  private final Class<?> contract;

  PluginKind(String label, Class<? extends Annotation> annotation, Class<?> contract) {
    this.label = label;
    this.annotation = annotation;
    this.contract = contract;
  }

  /** The kind's name in manifests and tables: {@code attention}, {@code backbone}, ... */
  public String label() {
    return label;
  }

  /** The annotation that marks a plugin of this kind. */
  public Class<? extends Annotation> annotation() {
    return annotation;
  }

  /** The interface a plugin of this kind implements. */
  public Class<?> contract() {
    return contract;
  }

  /** The {@code name} of an annotation of this kind. */
  public String nameOf(Annotation marker) {
    return attribute(marker, "name");
  }

  /** The {@code description} of an annotation of this kind. */
  public String descriptionOf(Annotation marker) {
    return attribute(marker, "description");
  }

  private String attribute(Annotation marker, String attribute) {
    if (!annotation.isInstance(marker)) {
      throw new IllegalArgumentException(marker + " is not @" + annotation.getSimpleName());
    }
    try {
      return (String) annotation.getMethod(attribute).invoke(marker);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("@" + annotation.getSimpleName() + " has no " + attribute, e);
    }
  }
}
