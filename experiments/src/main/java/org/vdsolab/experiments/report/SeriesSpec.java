package org.vdsolab.experiments.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One series of a chart: a name for the legend and its points. For line charts x values are
 * numbers; for bar charts they are category names. Immutable.
 *
 * @param name   legend text
 * @param x      Double for line charts, String for bar charts
 * @param y      values, same length as x; null (bar charts only) leaves a gap for a missing cell
 * @param errors symmetric error bars (standard deviation over repetitions), or null for none
 * @param dashed draw the line dashed (a secondary statistic, such as p50 next to p99)
 */
public record SeriesSpec(String name, List<Object> x, List<Double> y, List<Double> errors, boolean dashed) {

    public SeriesSpec {
        if (x.size() != y.size() || (errors != null && errors.size() != y.size())) {
            throw new IllegalArgumentException("series '" + name + "': x, y and error lists differ in length");
        }
        x = Collections.unmodifiableList(new ArrayList<>(x));
        y = Collections.unmodifiableList(new ArrayList<>(y));
        errors = errors == null ? null : List.copyOf(errors);
    }
}
