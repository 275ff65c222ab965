/**
 * Results of runs and sweeps: the summary table (Markdown, CSV, console), the figures and {@code
 * report.html}.
 *
 * <p>The entry point is {@link dev.affinity.core.report.Reports#write(java.nio.file.Path)}; it
 * reads the run directory format the trainer writes ({@code run.json}, {@code epochs.jsonl}, {@code
 * metrics.json}, {@code test-embeddings.npz}, {@code attention.json}, and {@code sweep.json} above
 * a sweep's runs) and writes only its own outputs ({@code summary.md}, {@code summary.csv}, {@code
 * report.html}, {@code figures/*.png}), each atomically. Charts are drawn headless with XChart;
 * t-SNE is {@link dev.affinity.core.report.Tsne}.
 */
package dev.affinity.core.report;
