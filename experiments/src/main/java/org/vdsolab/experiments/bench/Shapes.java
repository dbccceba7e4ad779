package org.vdsolab.experiments.bench;

/**
 * The producer/consumer shapes of the suite and the JMH benchmark (simple name) that measures each.
 */
public enum Shapes {
    P1C1("1P1C", "OneToOneBench.p1c1"),
    P2C1("2P1C", "TwoToOneBench.p2c1"),
    P2C2("2P2C", "TwoToTwoBench.p2c2");

    private final String label;
    private final String benchmark;

    Shapes(String label, String benchmark) {
        this.label = label;
        this.benchmark = benchmark;
    }

    /** The shape as written in tables: {@code 1P1C}. */
    public String label() {
        return label;
    }

    /** The benchmark's simple name, {@code Class.group}. */
    public String benchmark() {
        return benchmark;
    }
}
