package dev.affinity.core.manifest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One variant of a manifest, validated and ready to run with any of the manifest's seeds.
 *
 * @param variant the variant's name ({@code default} when the manifest declares none)
 * @param manifest the bound manifest
 * @param dataset the data set plugin
 * @param sampler the sampler plugin
 * @param backbone the backbone plugin
 * @param attention the attention plugin; null when message passing or its attention step is off
 * @param losses the losses this variant trains with: the manifest's, less those on a head it does not have
 * @param metrics the metric plugins, in order
 * @param resolved the manifest as resolved.yaml writes it: every default and every plugin setting filled
 */
public record RunPlan(
    String variant,
    Manifest manifest,
    PluginChoice dataset,
    PluginChoice sampler,
    PluginChoice backbone,
    PluginChoice attention,
    List<LossChoice> losses,
    List<PluginChoice> metrics,
    ObjectNode resolved) {

  public RunPlan {
    requireNonNull(variant, "variant is null");
    requireNonNull(manifest, "manifest is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(sampler, "sampler is null");
    requireNonNull(backbone, "backbone is null");
    losses = List.copyOf(losses);
    metrics = List.copyOf(metrics);
    requireNonNull(resolved, "resolved is null");
  }

  /** The attention plugin, when the run has an attention step. */
  public Optional<PluginChoice> attentionChoice() {
    return Optional.ofNullable(attention);
  }
}
