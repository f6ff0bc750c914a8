package dev.fleetscale.optimizer.replay;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The replay's PNG charts, drawn with JFreeChart, headless. */
final class Charts {

  private static final Color[] COLORS = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
      new Color(0x9467bd), new Color(0x8c564b)};

  private Charts() {}

  /** Demand against each policy's GPUs serving, per 10 s window, in minutes from the start. */
  static void capacity(Path png, String title, List<PoolReplay.Run> runs) throws IOException {
    DemandSeries s = runs.get(0).series();
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries demand = new XYSeries("demand (GPU-eq.)");
    for (int w = 0; w < s.windows(); w++) {
      demand.add(w * DemandSeries.STEP_SECONDS / 60.0, s.demand(w));
    }
    data.addSeries(demand);
    for (PoolReplay.Run run : runs) {
      XYSeries serving = new XYSeries(run.policy());
      for (int w = 0; w < s.windows(); w++) {
        serving.add(w * DemandSeries.STEP_SECONDS / 60.0, run.servingHosts()[w] * run.gpusPerHost());
      }
      data.addSeries(serving);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "minutes from trace start",
        "GPUs", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYStepRenderer renderer = new XYStepRenderer();
    renderer.setSeriesPaint(0, Color.BLACK);
    renderer.setSeriesStroke(0, new BasicStroke(1.6f));
    for (int i = 0; i < runs.size(); i++) {
      renderer.setSeriesPaint(i + 1, COLORS[i % COLORS.length]);
      renderer.setSeriesStroke(i + 1, new BasicStroke(1.0f));
    }
    plot.setRenderer(renderer);
    style(plot);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 520);
  }

  /** GPU-hours against SLO-miss share, one curve per policy over the target sweep. */
  static void curves(Path png, String title, Map<String, List<Curves.Point>> curves)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<Curves.Point>> e : curves.entrySet()) {
      XYSeries series = new XYSeries(e.getKey(), false, true);
      for (Curves.Point p : e.getValue()) {
        series.add(p.sloMissShare() * 100, p.gpuHours());
      }
      data.addSeries(series);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title,
        "SLO-miss windows, % (demand > 90 % of GPUs serving)", "GPU-hours", data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < curves.size(); i++) {
      renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
    }
    plot.setRenderer(renderer);
    style(plot);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 520);
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
  }
}
