package org.vdsolab.experiments.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyUnitTest {

    private static SeriesSpec series(double... ns) {
        List<Object> x = new java.util.ArrayList<>();
        List<Double> y = new java.util.ArrayList<>();
        for (int i = 0; i < ns.length; i++) {
            x.add((double) i);
            y.add(ns[i]);
        }
        return new SeriesSpec("s", x, y, false);
    }

    @Test
    void theLargestValueChoosesTheUnit() {
        assertEquals(LatencyUnit.NS, LatencyUnit.of(List.of(series(1, 9_999))));
        assertEquals(LatencyUnit.US, LatencyUnit.of(List.of(series(1, 97_000))), "97 µs, not 97,000 ns");
        assertEquals(LatencyUnit.MS, LatencyUnit.of(List.of(series(500, 12_000_000))));
    }

    @Test
    void scalingDividesEveryValue() {
        SeriesSpec scaled = LatencyUnit.US.scale(List.of(series(1_500, 97_000))).getFirst();
        assertEquals(List.of(1.5, 97.0), scaled.y());
        assertEquals(List.of(0.0, 1.0), scaled.x());
    }
}
