package org.vdsolab.experiments.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.XYSeries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartRendererTest {

    @TempDir
    Path dir;

    private static ChartSpec spec(ChartSpec.Kind kind, boolean yLog, List<SeriesSpec> series) {
        return new ChartSpec("c", "Title", "x", "y", kind, false, yLog, false, series, "caption");
    }

    @Test
    void intervalsAreDrawnAsWhiskersWithBothEndsInTheSeriesColour() throws Exception {
        SeriesSpec a = new SeriesSpec("a", List.of(1.0, 2.0), List.of(10.0, 20.0), List.of(9.0, 12.0), List.of(14.0, 21.0), false);
        SeriesSpec b = new SeriesSpec("b", List.of(1.0, 2.0), List.of(5.0, 6.0), List.of(5.0, 4.0), List.of(5.0, 9.0), false);
        XYChart chart = (XYChart) ChartRenderer.build(spec(ChartSpec.Kind.LINES, false, List.of(a, b)));
        XYSeries whisker = chart.getSeriesMap().get("interval 1.2 of a");
        assertArrayEquals(new double[] {2.0, 2.0}, whisker.getXData());
        assertArrayEquals(new double[] {12.0, 21.0}, whisker.getYData(), "asymmetric: 8 below the median, 1 above");
        assertFalse(whisker.isShowInLegend());
        assertEquals(chart.getSeriesMap().get("a").getLineColor(), whisker.getLineColor());
        assertEquals(chart.getSeriesMap().get("b").getLineColor(), chart.getSeriesMap().get("interval 2.2 of b").getLineColor());
        assertFalse(chart.getSeriesMap().containsKey("interval 2.1 of b"), "a zero-width interval draws nothing");
        assertEquals(2 + 3, chart.getSeriesMap().size());
        ChartRenderer.write(spec(ChartSpec.Kind.LINES, false, List.of(a, b)), dir);
        assertTrue(Files.size(dir.resolve("c.png")) > 0);
    }

    @Test
    void categoriesWithIntervalsBecomePointsSideBySide() throws Exception {
        SeriesSpec a = new SeriesSpec("a", List.of("x1", "x2"), Arrays.asList(10.0, null), Arrays.asList(8.0, null),
                Arrays.asList(11.0, null), false);
        SeriesSpec b = new SeriesSpec("b", List.of("x1", "x2"), List.of(4.0, 6.0), List.of(3.0, 5.0), List.of(7.0, 6.5), false);
        XYChart chart = assertInstanceOf(XYChart.class, ChartRenderer.build(spec(ChartSpec.Kind.BARS, false, List.of(a, b))));
        assertArrayEquals(new double[] {-0.175}, chart.getSeriesMap().get("a").getXData(), 1e-9,
                "the missing x2 value is left out; a sits left of category 0");
        assertArrayEquals(new double[] {0.175, 1.175}, chart.getSeriesMap().get("b").getXData(), 1e-9);
        assertArrayEquals(new double[] {5.0, 6.5}, chart.getSeriesMap().get("interval 2.2 of b").getYData());
        ChartRenderer.write(spec(ChartSpec.Kind.BARS, false, List.of(a, b)), dir);
        assertTrue(Files.size(dir.resolve("c.svg")) > 0);
    }

    @Test
    void aLogAxisCutsAnIntervalThatReachesZero() throws Exception {
        SeriesSpec a = new SeriesSpec("a", List.of(1.0, 8.0), List.of(100.0, 4.0), List.of(-20.0, 2.0), List.of(150.0, 6.0), false);
        ChartSpec log = spec(ChartSpec.Kind.LINES, true, List.of(a));
        XYChart chart = (XYChart) ChartRenderer.build(log);
        assertArrayEquals(new double[] {1.0, 150.0}, chart.getSeriesMap().get("interval 1.1 of a").getYData(),
                "cut at half the smallest positive value drawn (2)");
        ChartRenderer.write(log, dir); // XChart refuses values <= 0 on a log axis when it paints
        assertTrue(Files.size(dir.resolve("c.png")) > 0);
    }

    @Test
    void scoresWithoutIntervalsStayBars() {
        SeriesSpec a = new SeriesSpec("a", List.of("x1", "x2"), List.of(1.0, 2.0), false);
        assertInstanceOf(org.knowm.xchart.CategoryChart.class, ChartRenderer.build(spec(ChartSpec.Kind.BARS, false, List.of(a))));
    }
    @Test
    void onlyDashedSeriesAreDashed() {
        List<SeriesSpec> series = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            series.add(new SeriesSpec("s" + i, List.<Object>of(1.0, 2.0), List.of(1.0 + i, 2.0 + i), i == 4));
        }
        XYChart chart = (XYChart) ChartRenderer.build(spec(ChartSpec.Kind.LINES, false, series));
        for (int i = 0; i < 6; i++) {
            assertEquals(i == 4 ? SeriesLines.DASH_DASH : SeriesLines.SOLID, chart.getSeriesMap().get("s" + i).getLineStyle(),
                    "series s" + i);
        }
    }
}
