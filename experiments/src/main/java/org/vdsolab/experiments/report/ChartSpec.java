package org.vdsolab.experiments.report;

import java.util.List;

/**
 * What one chart shows, independent of how it is drawn: {@link ChartPlanner} decides it from the
 * run's data, {@link ChartRenderer} draws it with XChart, tests check it directly. Immutable.
 *
 * @param file           file stem: the chart is written as {@code <file>.png} and {@code <file>.svg}
 * @param title          chart title
 * @param xTitle         x axis title, with unit
 * @param yTitle         y axis title, with unit
 * @param kind           lines over a numeric x axis, or bars over categories
 * @param xLog           logarithmic x axis
 * @param yLog           logarithmic y axis
 * @param percentileAxis x holds log10(1/(1-p)), the number of nines, labelled as percentiles at whole
 *                       numbers (HdrHistogram's percentile plot)
 * @param series         the series, in legend order
 * @param caption        one or two sentences under the chart in the page
 */
public record ChartSpec(String file, String title, String xTitle, String yTitle, Kind kind, boolean xLog, boolean yLog,
                        boolean percentileAxis, List<SeriesSpec> series, String caption) {

    /** How the chart is drawn. */
    public enum Kind { LINES, BARS }

    public ChartSpec {
        series = List.copyOf(series);
    }

    /** The legend names in order. */
    public List<String> seriesNames() {
        return series.stream().map(SeriesSpec::name).toList();
    }
}
