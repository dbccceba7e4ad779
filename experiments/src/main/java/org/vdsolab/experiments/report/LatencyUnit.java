package org.vdsolab.experiments.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The unit a latency chart is drawn in: ns, µs or ms, chosen by the largest value so that tick
 * labels have at most four digits before the unit (9,000 ns, 9,000 µs, then ms) instead of nine.
 * Immutable.
 *
 * @param label       the unit's symbol for the axis title
 * @param nanoseconds nanoseconds in one unit
 */
record LatencyUnit(String label, double nanoseconds) {

    static final LatencyUnit NS = new LatencyUnit("ns", 1);
    static final LatencyUnit US = new LatencyUnit("µs", 1e3);
    static final LatencyUnit MS = new LatencyUnit("ms", 1e6);

    /** The unit for the largest y value of {@code series} (values in ns). */
    static LatencyUnit of(List<SeriesSpec> series) {
        double max = 0;
        for (SeriesSpec s : series) {
            for (Double y : s.y()) {
                if (y != null) {
                    max = Math.max(max, y);
                }
            }
        }
        return max >= 1e7 ? MS : max >= 1e4 ? US : NS;
    }

    /** {@code series} with every y value (ns) in this unit; intervals too. */
    List<SeriesSpec> scale(List<SeriesSpec> series) {
        if (nanoseconds == 1) {
            return series;
        }
        List<SeriesSpec> out = new ArrayList<>();
        for (SeriesSpec s : series) {
            out.add(new SeriesSpec(s.name(), s.x(), values(s.y()), s.hasIntervals() ? values(s.low()) : null,
                    s.hasIntervals() ? values(s.high()) : null, s.dashed()));
        }
        return out;
    }

    private List<Double> values(List<Double> values) {
        List<Double> out = new ArrayList<>();
        values.forEach(v -> out.add(v == null ? null : v / nanoseconds));
        return out;
    }
}
