package org.vdsolab.devices;

/**
 * The random part of a simulated request's service time: an exponential body (the everyday spread
 * of controller and media timing) plus, with a small probability, a Pareto tail (a read that meets
 * a program, an erase or garbage collection), capped so no request waits forever:
 *
 * <pre>
 *   jitter = -bodyMean * ln(1 - u1)
 *          + (u2 &lt; tailProbability ? min(tailMax, tailMin * (1 - u3)^(-1 / tailAlpha)) : 0)
 * </pre>
 *
 * <p>The uniforms {@code u1, u2, u3} of request number {@code ticket} are a pure function of
 * {@code (seed, ticket)} (SplitMix64's finaliser over a Weyl sequence), so a run is reproducible
 * for a seed and sampling needs no shared generator state. Immutable; thread-safe.
 */
final class HeavyTailJitter {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double TO_UNIT = 0x1.0p-53;

    private final double bodyMeanNanos;
    private final double tailProbability;
    private final double tailMinNanos;
    private final double tailExponent;   // -1 / alpha
    private final double tailMaxNanos;

    HeavyTailJitter(double bodyMeanNanos, double tailProbability, double tailMinNanos, double tailAlpha, double tailMaxNanos) {
        this.bodyMeanNanos = bodyMeanNanos;
        this.tailProbability = tailProbability;
        this.tailMinNanos = tailMinNanos;
        this.tailExponent = -1.0 / tailAlpha;
        this.tailMaxNanos = tailMaxNanos;
    }

    /** The jitter of request {@code ticket} under {@code seed}, in whole nanoseconds, never negative. */
    long sample(long seed, long ticket) {
        long base = mix(seed) + 3 * ticket * GOLDEN_GAMMA;
        double body = -bodyMeanNanos * Math.log(1.0 - uniform(base + GOLDEN_GAMMA));
        double tail = 0;
        if (uniform(base + 2 * GOLDEN_GAMMA) < tailProbability) {
            tail = Math.min(tailMaxNanos, tailMinNanos * Math.pow(1.0 - uniform(base + 3 * GOLDEN_GAMMA), tailExponent));
        }
        return Math.round(body + tail);
    }

    /** A uniform double in [0, 1) from one Weyl-sequence state. */
    private static double uniform(long state) {
        return (mix(state) >>> 11) * TO_UNIT;
    }

    /** SplitMix64's output finaliser (Stafford's variant 13): a bijective 64-bit mixer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
