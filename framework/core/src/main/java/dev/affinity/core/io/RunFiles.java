package dev.affinity.core.io;

/**
 * The names of the files in sweep and run directories: the trainer writes them, reports read them.
 * docs/architecture.md describes their contents.
 */
public final class RunFiles {

  /** In a sweep directory: the name, baseline, variants and seeds. */
  public static final String SWEEP_JSON = "sweep.json";
  /** In a run directory: variant, seed, status, attention, softmax, selection, best epoch. */
  public static final String RUN_JSON = "run.json";
  /** The manifest as run: every default and plugin setting filled; loadable as a manifest. */
  public static final String RESOLVED_YAML = "resolved.yaml";
  /** Everything the run logged. */
  public static final String RUN_LOG = "run.log";
  /** One JSON object per line and epoch. */
  public static final String EPOCHS_JSONL = "epochs.jsonl";
  /** The final test metrics, one flat object. */
  public static final String METRICS_JSON = "metrics.json";
  /** The test embeddings (float32 N x d, "embeddings") and labels (int32 N, "labels"), NumPy NPZ. */
  public static final String EMBEDDINGS_NPZ = "test-embeddings.npz";
  /** Attention weights of every layer on one test batch ordered by class. */
  public static final String ATTENTION_JSON = "attention.json";
  /** What {@code --resume} continues from. */
  public static final String CHECKPOINT = "checkpoint.bin";
  /** The selected model's parameters. */
  public static final String BEST_PARAMS = "best.params";

  private RunFiles() {}
}
