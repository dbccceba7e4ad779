package org.vdsolab.experiments.runner.results;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {

    @Test
    void theMedianOfAnOddAndOfAnEvenCount() {
        assertEquals(3.0, Bootstrap.median(new double[] {5, 1, 3}));
        assertEquals(2.5, Bootstrap.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void oneRepetitionGivesAZeroWidthIntervalAtItsValue() {
        assertEquals(new Interval(7, 7), Bootstrap.medianInterval(new double[] {7}));
    }

    @Test
    void theIntervalHoldsTheMedianLiesWithinTheDataAndIsTheSameEveryTime() {
        double[] values = {10, 12, 9, 11, 30, 10.5, 9.5, 11.5, 10, 12.5};
        Interval ci = Bootstrap.medianInterval(values);
        assertTrue(ci.contains(Bootstrap.median(values)), ci.toString());
        assertTrue(ci.low() >= 9 && ci.high() <= 30, ci.toString());
        assertTrue(ci.high() < 30, "one slow outlier does not stretch the median's interval to it: " + ci);
        assertTrue(ci.high() > ci.low(), ci.toString());
        assertEquals(ci, Bootstrap.medianInterval(values), "seeded: the same data gives the same interval");
    }

    /** The point of a 95% interval: over many samples it covers the true median about 95% of the time. */
    @Test
    void coversTheTrueMedianOfAKnownDistributionMostOfTheTime() {
        SplittableRandom random = new SplittableRandom(7);
        int covered = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            double[] sample = new double[15];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = -Math.log(1 - random.nextDouble()); // exponential(1): median ln 2
            }
            if (Bootstrap.medianInterval(sample).contains(Math.log(2))) {
                covered++;
            }
        }
        // percentile-bootstrap intervals of a median at n = 15 cover about 90-97%; far outside is a bug
        assertTrue(covered > 0.85 * trials && covered < 0.995 * trials, covered + " of " + trials);
    }

    @Test
    void theRatioIntervalOfTwoEqualSetsHoldsOneAndOfDistinctSetsDoesNot() {
        double[] a = {100, 101, 99, 102, 98, 100, 101, 99};
        assertTrue(Bootstrap.medianRatioInterval(a, a).contains(1.0));
        double[] twice = {200, 202, 198, 204, 196, 200, 202, 198};
        Interval ratio = Bootstrap.medianRatioInterval(twice, a);
        assertTrue(ratio.contains(2.0) && !ratio.contains(1.0), ratio.toString());
    }

    @Test
    void intervalsOverlapWhenTheyShareAPoint() {
        Interval a = new Interval(1, 2);
        assertTrue(a.overlaps(new Interval(2, 3)));
        assertTrue(new Interval(1.5, 1.6).overlaps(a));
        assertFalse(a.overlaps(new Interval(2.01, 3)));
        assertFalse(new Interval(2.01, 3).overlaps(a));
    }

    @Test
    void refusesWhatHasNoMedian() {
        assertEquals("no values: a median needs at least one repetition",
                assertThrows(IllegalArgumentException.class, () -> Bootstrap.medianInterval(new double[0])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.median(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.medianRatioInterval(new double[] {1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Interval(2, 1));
    }
}
