package org.vdsolab.api.workload;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules are checked on their numbers (counts per window), never on how long anything took. */
class PacerTest {

    @Test
    void constantRateSpacesRequestsExactly() {
        Pacer p = Pacer.constant(250_000, 1_000);
        assertEquals(1_000, p.scheduledTime(0));
        assertEquals(1_000 + 4_000, p.scheduledTime(1));
        assertEquals(1_000 + 4_000L * 1_000_000, p.scheduledTime(1_000_000));
        // Mean rate over a million requests.
        double seconds = (p.scheduledTime(1_000_000) - p.scheduledTime(0)) / 1e9;
        assertEquals(250_000, 1_000_000 / seconds, 1e-6);
    }

    @Test
    void poissonCountsPerWindowHaveMeanAndVarianceOfTheRate() {
        double rate = 1_000_000;        // per second
        long window = 100_000;          // 100 us -> lambda = 100 arrivals per window
        int windows = 4_000;
        Pacer p = Pacer.poisson(rate, 42, 0);
        long[] counts = new long[windows];
        for (long i = 0; ; i++) {
            long t = p.scheduledTime(i);
            int w = (int) (t / window);
            if (w >= windows) {
                break;
            }
            counts[w]++;
        }
        double mean = 0;
        for (long c : counts) {
            mean += c;
        }
        mean /= windows;
        double var = 0;
        for (long c : counts) {
            var += (c - mean) * (c - mean);
        }
        var /= windows - 1;
        double lambda = rate * window / 1e9;
        // Standard error of the mean is sqrt(100/4000) = 0.16; of the variance about 100*sqrt(2/4000) = 2.2.
        assertEquals(lambda, mean, 1.0, "mean arrivals per window");
        assertEquals(lambda, var, 12.0, "variance of arrivals per window (Poisson: equal to the mean)");
    }

    @Test
    void poissonGapsAreExponentialWithTheMeanGap() {
        Pacer p = Pacer.poisson(50_000, 7, 0);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int k = 0; k < n; k++) {
            double g = p.gapNanos(k);
            assertTrue(g >= 0 && Double.isFinite(g));
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSq / n - mean * mean);
        assertEquals(20_000, mean, 200, "mean gap 1/rate");
        assertEquals(20_000, sd, 400, "an exponential's standard deviation equals its mean");
    }

    @Test
    void theScheduleIsAFunctionOfSeedAndIndex() {
        Pacer a = Pacer.poisson(1e5, 9, 500);
        Pacer b = Pacer.poisson(1e5, 9, 500);
        Pacer other = Pacer.poisson(1e5, 10, 500);
        long t1000 = a.scheduledTime(1000);
        assertEquals(t1000, b.scheduledTime(1000));
        assertFalse(t1000 == other.scheduledTime(1000), "another seed gives another schedule");
        assertEquals(a.scheduledTime(10), b.scheduledTime(10), "going back recomputes the same time");
        assertEquals(t1000, a.scheduledTime(1000));
        for (int i = 1; i < 1000; i++) {
            assertTrue(a.scheduledTime(i) >= a.scheduledTime(i - 1), "non-decreasing");
        }
    }

    @Test
    void awaitNextReturnsTheScheduleAndNeverReturnsEarly() {
        Pacer p = Pacer.constant(200_000, 0);
        p.restart(System.nanoTime());
        for (int i = 0; i < 200; i++) {
            long due = p.awaitNext();
            assertEquals(p.scheduledTime(i), due);
            assertTrue(System.nanoTime() - due >= 0, "returned before request " + i + " was due");
        }
        assertEquals(200, p.nextIndex());
        long overdue = System.nanoTime() - 1_000_000;
        Pacer.awaitUntil(overdue); // returns at once; nothing to assert about how fast
    }

    @Test
    void pacingAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Pacer p = Pacer.poisson(1e9, 3, System.nanoTime());
        long sink = 0;
        for (int i = 0; i < 100_000; i++) {
            sink += p.awaitNext();  // warm-up: all due already at 1e9/s
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += p.awaitNext();
            sink += p.scheduledTime(p.nextIndex());
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink != 42);
        assertTrue(allocated < 4096, "200,000 pacing calls allocated " + allocated + " bytes");
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pacer.constant(0, 0));
        assertTrue(e.getMessage().contains("rate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pacer.poisson(Double.NaN, 1, 0));
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> Pacer.Arrival.parse("bursty"));
        assertTrue(a.getMessage().contains("constant, poisson"), a.getMessage());
        assertEquals(Pacer.Arrival.POISSON, Pacer.Arrival.parse(" Poisson "));
        assertThrows(IllegalArgumentException.class, () -> Pacer.constant(1, 0).scheduledTime(-1));
    }
}
