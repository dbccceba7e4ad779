package org.vdsolab.experiments.runner.results;

import java.util.Locale;

/**
 * How often an event that should never happen (a lost, duplicated or torn record) happened over a
 * cell's repetitions, with a 95% interval from the Poisson distribution: the exact (Garwood)
 * two-sided interval for a non-zero count, and for zero the one-sided upper bound
 * {@code -ln 0.05 / n ≈ 3 / n} (the rule of three). So "0 lost" reads as what it supports:
 * "0 in 3·10^7, fewer than 0.1 per million". Immutable.
 *
 * @param events     the events counted over all repetitions
 * @param operations the operations they were counted over (the exposure)
 * @param low        lower bound of the expected count (0 for no events)
 * @param high       upper bound of the expected count
 */
public record EventRate(long events, long operations, double low, double high) {

    private static final double ALPHA = 0.05;

    /** The rate of {@code events} in {@code operations}, with its interval. */
    public static EventRate of(long events, long operations) {
        if (events < 0 || operations <= 0) {
            throw new IllegalArgumentException("a rate needs events >= 0 and operations > 0; got " + events + " in " + operations);
        }
        if (events == 0) {
            return new EventRate(0, operations, 0, -Math.log(ALPHA));
        }
        // P(X >= k | low) = alpha/2 and P(X <= k | high) = alpha/2, with P(X <= k | m) = Q(k + 1, m)
        double low = solve(events, 1 - ALPHA / 2);
        double high = solve(events + 1, ALPHA / 2);
        return new EventRate(events, operations, low, high);
    }

    /** The mean {@code m} with Q(a, m) = target (Q falls from 1 to 0 as m grows). */
    private static double solve(long a, double target) {
        double lo = 0;
        double hi = Math.max(10, 2.0 * a + 20 * Math.sqrt(a));
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (Gamma.upperRegularized(a, mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    public double perMillion() {
        return events * 1e6 / operations;
    }

    public double perMillionLow() {
        return low * 1e6 / operations;
    }

    public double perMillionHigh() {
        return high * 1e6 / operations;
    }

    /** "0 in 3.0e7 operations: < 0.0999 per million (95%)", or "12 in 3.0e7 operations: 0.4 [0.207 – 0.699] per million (95%)". */
    public String describe() {
        String in = events + " in " + String.format(Locale.ROOT, "%.2g", (double) operations) + " operations: ";
        if (events == 0) {
            return in + "< " + significant(perMillionHigh()) + " per million (95%)";
        }
        return in + significant(perMillion()) + " [" + significant(perMillionLow()) + " – "
                + significant(perMillionHigh()) + "] per million (95%)";
    }

    private static String significant(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** The regularized upper incomplete gamma function, for the Poisson distribution function. */
    static final class Gamma {

        private static final double EPS = 1e-15;
        private static final double TINY = 1e-300;

        private Gamma() { }

        /** Q(a, x) = Γ(a, x) / Γ(a) for a > 0, x >= 0; for whole a it is P(Poisson(x) <= a - 1). */
        static double upperRegularized(double a, double x) {
            if (x <= 0) {
                return 1;
            }
            double logPrefix = -x + a * Math.log(x) - logGamma(a);
            if (x < a + 1) {
                // series for the lower function P, then Q = 1 - P
                double term = 1 / a;
                double sum = term;
                for (int n = 1; n < 100_000; n++) {
                    term *= x / (a + n);
                    sum += term;
                    if (Math.abs(term) < Math.abs(sum) * EPS) {
                        break;
                    }
                }
                return Math.max(0, 1 - sum * Math.exp(logPrefix));
            }
            // continued fraction for Q (modified Lentz)
            double b = x + 1 - a;
            double c = 1 / TINY;
            double d = 1 / b;
            double h = d;
            for (int i = 1; i < 100_000; i++) {
                double an = -i * (i - a);
                b += 2;
                d = an * d + b;
                if (Math.abs(d) < TINY) {
                    d = TINY;
                }
                c = b + an / c;
                if (Math.abs(c) < TINY) {
                    c = TINY;
                }
                d = 1 / d;
                double delta = d * c;
                h *= delta;
                if (Math.abs(delta - 1) < EPS) {
                    break;
                }
            }
            return Math.exp(logPrefix) * h;
        }

        /** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
        static double logGamma(double x) {
            if (x < 0.5) {
                return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
            }
            double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
            x -= 1;
            double sum = g[0];
            for (int i = 1; i < g.length; i++) {
                sum += g[i] / (x + i);
            }
            double t = x + 7.5;
            return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
        }
    }
}
