package dev.affinity.core.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The report's charts, drawn headless with XChart into PNG bytes. */
final class Charts {
  static {
    // Must be set before the first AWT class loads; a report never opens a window.
    System.setProperty("java.awt.headless", "true");
  }

  /** Tableau 10: distinct for up to ten variants, then repeated. */
  private static final Color[] VARIANT_COLORS = {
    new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759), new Color(0x76b7b2),
        new Color(0x59a14f),
    new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7), new Color(0x9c755f),
        new Color(0xbab0ac)
  };

  static final int HEAT_WIDTH = 440;
  static final int HEAT_HEIGHT = 420;
  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  private Charts() {}

  static Color variantColor(int index) {
    return VARIANT_COLORS[index % VARIANT_COLORS.length];
  }

  /**
   * One curve.
   *
   * @param name the legend entry, unique within a chart
   * @param x the x values, increasing
   * @param y the y values, as many as {@code x}
   */
  record Line(String name, double[] x, double[] y, Color color, boolean dashed) {}

  /** A line chart; lines without points are left out. */
  static byte[] lines(String title, String xTitle, String yTitle, List<Line> lines)
      throws IOException {
    XYChart chart = new XYChart(900, 480);
    chart.setTitle(title);
    chart.setXAxisTitle(xTitle);
    chart.setYAxisTitle(yTitle);
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    for (Line line : lines) {
      if (line.x().length == 0) {
        continue;
      }
      XYSeries series = chart.addSeries(line.name(), line.x(), line.y());
      series.setLineColor(line.color());
      series.setMarkerColor(line.color());
      series.setLineStyle(line.dashed() ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
      series.setMarker(line.x().length <= 20 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
    if (chart.getSeriesMap().isEmpty()) {
      chart.getStyler().setLegendVisible(false);
    }
    return png(chart);
  }

  /**
   * A scatter plot of 2-D points coloured by class; the legend is shown for at most 12 classes.
   *
   * @param xy N x 2
   * @param labels N class labels
   */
  static byte[] scatter(String title, double[][] xy, int[] labels) throws IOException {
    XYChart chart = new XYChart(720, 640);
    chart.setTitle(title);
    style(chart.getStyler());
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setAxisTicksVisible(false);
    chart.getStyler().setPlotGridLinesVisible(false);
    TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < labels.length; i++) {
      byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
    }
    chart.getStyler().setLegendVisible(byClass.size() <= 12);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    int classIndex = 0;
    for (var entry : byClass.entrySet()) {
      List<Integer> members = entry.getValue();
      double[] x = new double[members.size()];
      double[] y = new double[members.size()];
      for (int k = 0; k < members.size(); k++) {
        x[k] = xy[members.get(k)][0];
        y[k] = xy[members.get(k)][1];
      }
      XYSeries series = chart.addSeries("class " + entry.getKey(), x, y);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setMarkerColor(classColor(classIndex++, byClass.size()));
    }
    return png(chart);
  }

  /**
   * Well-spread hues; for many classes the golden-ratio sequence keeps neighbouring classes apart.
   */
  static Color classColor(int index, int count) {
    float hue = count <= 12 ? index / (float) count : (float) ((index * 0.6180339887498949) % 1.0);
    float brightness = count <= 12 || index % 2 == 0 ? 0.85f : 0.6f;
    return Color.getHSBColor(hue, 0.75f, brightness);
  }

  /**
   * One heatmap of a B x B attention matrix.
   *
   * @param title the chart's title
   * @param weights B x B, rows = targets, columns = sources
   */
  record Heat(String title, double[][] weights) {}

  /**
   * The heatmaps side by side in one PNG; colours run from white (0) to dark blue (the largest
   * weight of each map, rounded up to two decimals).
   */
  static byte[] heatmaps(List<Heat> heats) throws IOException {
    List<HeatMapChart> charts = new ArrayList<>();
    for (Heat heat : heats) {
      int b = heat.weights().length;
      // Only the constructor with a theme fills in the styler's defaults (XChart 3.8.8).
      HeatMapChart chart = new HeatMapChart(HEAT_WIDTH, HEAT_HEIGHT, Styler.ChartTheme.XChart);
      chart.setTitle(heat.title());
      chart.setXAxisTitle("source (sorted by class)");
      chart.setYAxisTitle("target (sorted by class)");
      style(chart.getStyler());
      chart.getStyler().setAxisTicksVisible(false);
      chart.getStyler().setPlotGridLinesVisible(false);
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
      chart
          .getStyler()
          .setRangeColors(new Color[] {Color.WHITE, new Color(0x6baed6), new Color(0x08306b)});
      chart.getStyler().setHeatMapValueDecimalPattern("0.00");
      double max = 0;
      List<Integer> axis = new ArrayList<>();
      List<Number[]> cells = new ArrayList<>(b * b);
      for (int i = 0; i < b; i++) {
        axis.add(i);
      }
      for (int target = 0; target < b; target++) {
        for (int source = 0; source < b; source++) {
          double weight = heat.weights()[target][source];
          max = Math.max(max, weight);
          // XChart draws y index 0 at the bottom; targets should read top to bottom.
          cells.add(new Number[] {source, b - 1 - target, weight});
        }
      }
      chart.getStyler().setMin(0);
      // A round top keeps the colour bar's label short.
      chart.getStyler().setMax(max > 0 ? Math.ceil(max * 100) / 100 : 1);
      chart.addSeries("attention", axis, axis, cells);
      charts.add(chart);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapFormat.PNG);
    return out.toByteArray();
  }

  private static void style(org.knowm.xchart.style.AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(Color.GRAY);
    styler.setChartTitleBoxVisible(false);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setChartTitleFont(TITLE_FONT);
    styler.setAxisTitleFont(FONT);
    styler.setAxisTickLabelsFont(FONT);
    styler.setLegendFont(FONT);
    styler.setAntiAlias(true);
    // Tick labels the same on every machine (and the heat map styler has no locale of its own).
    styler.setLocale(java.util.Locale.ROOT);
  }

  private static byte[] png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart)
      throws IOException {
    return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
  }
}
