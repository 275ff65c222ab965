/**
 * The Affinity plugin SPI: what a plugin author compiles against, and nothing more.
 *
 * <p>A plugin is one public class that carries one of the six kind annotations and implements that kind's
 * interface:
 *
 * <table>
 *   <caption>Plugin kinds</caption>
 *   <tr><th>annotation</th><th>interface</th><th>what it contributes</th></tr>
 *   <tr><td>{@link dev.affinity.spi.attention.AttentionMechanism}</td>
 *       <td>{@link dev.affinity.spi.attention.Attention}</td><td>the message aggregation of one layer</td></tr>
 *   <tr><td>{@link dev.affinity.spi.backbone.Backbone}</td>
 *       <td>{@link dev.affinity.spi.backbone.BackboneNetwork}</td><td>images to embeddings</td></tr>
 *   <tr><td>{@link dev.affinity.spi.data.Dataset}</td>
 *       <td>{@link dev.affinity.spi.data.DatasetLoader}</td><td>class-disjoint train and test samples</td></tr>
 *   <tr><td>{@link dev.affinity.spi.data.Sampler}</td>
 *       <td>{@link dev.affinity.spi.data.BatchSampler}</td><td>the batches of one epoch</td></tr>
 *   <tr><td>{@link dev.affinity.spi.loss.Loss}</td>
 *       <td>{@link dev.affinity.spi.loss.LossFunction}</td><td>a training objective on one head</td></tr>
 *   <tr><td>{@link dev.affinity.spi.metric.Metric}</td>
 *       <td>{@link dev.affinity.spi.metric.RetrievalMetric}</td><td>numbers computed from nearest neighbours</td></tr>
 * </table>
 *
 * <p>Settings: a plugin whose constructor takes a {@code record} gets that record filled from the
 * manifest's {@code params:}. The record's no-argument constructor, where it has one, gives the defaults;
 * its canonical constructor validates and throws {@link java.lang.IllegalArgumentException} with a message
 * that names the field. The other constructor parameters the core supplies are {@link ai.djl.Device} (where
 * the run computes) and {@link java.util.Random} (seeded from the run's seed and the plugin's name).
 *
 * <p>Nothing in this package knows about Guice, ClassGraph or YAML.
 */
package dev.affinity.spi;
