package org.vdsolab.experiments.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One series of a chart: a name for the legend and its points, each with an optional interval.
 * For line charts x values are numbers; for bar charts they are category names. Immutable.
 *
 * @param name   legend text
 * @param x      Double for line charts, String for bar charts
 * @param y      values, same length as x; null (bar charts only) leaves a gap for a missing cell
 * @param low    each point's interval low end (a 95% interval, drawn as a whisker), or null for
 *               no intervals; an entry is null where its point has none
 * @param high   each point's interval high end; null exactly when {@code low} is
 * @param dashed draw the line dashed (a secondary statistic, such as p50 next to p99)
 */
public record SeriesSpec(String name, List<Object> x, List<Double> y, List<Double> low, List<Double> high,
                         boolean dashed) {

    public SeriesSpec {
        if ((low == null) != (high == null)) {
            throw new IllegalArgumentException("series '" + name + "': an interval needs both its low and its high ends");
        }
        if (x.size() != y.size() || (low != null && (low.size() != y.size() || high.size() != y.size()))) {
            throw new IllegalArgumentException("series '" + name + "': x, y and interval lists differ in length");
        }
        x = Collections.unmodifiableList(new ArrayList<>(x));
        y = Collections.unmodifiableList(new ArrayList<>(y));
        low = low == null ? null : Collections.unmodifiableList(new ArrayList<>(low));
        high = high == null ? null : Collections.unmodifiableList(new ArrayList<>(high));
    }

    /** A series without intervals. */
    public SeriesSpec(String name, List<Object> x, List<Double> y, boolean dashed) {
        this(name, x, y, null, null, dashed);
    }

    /** Whether the points carry intervals. */
    public boolean hasIntervals() {
        return low != null;
    }

    /**
     * A series whose intervals are {@code y ± errors} (a JMH score and its error): null y or
     * error entries give a point without an interval.
     */
    public static SeriesSpec symmetric(String name, List<Object> x, List<Double> y, List<Double> errors) {
        List<Double> low = new ArrayList<>();
        List<Double> high = new ArrayList<>();
        for (int i = 0; i < y.size(); i++) {
            Double v = y.get(i);
            Double e = i < errors.size() ? errors.get(i) : null;
            low.add(v == null || e == null ? null : v - e);
            high.add(v == null || e == null ? null : v + e);
        }
        return new SeriesSpec(name, x, y, low, high, false);
    }
}
