package org.vdsolab.experiments.bench;

import java.util.List;

/**
 * Opens a {@link BenchChannel} by name. Our providers by their provider name ({@code spsc},
 * {@code disruptor}, {@code vsched}, {@code vsched-classic}), with a {@code /slot} suffix for
 * push_slot pushes; peers as {@code jctools-spsc}, {@code jctools-mpmc}, {@code lmax-single},
 * {@code lmax-multi}, {@code agrona-o2o}, {@code agrona-m2o} (with {@code /claim} for
 * tryClaim/commit) and {@code abq}. Stateless and thread-safe.
 */
public final class BenchChannels {

    /** The peers' channel names. */
    public static final List<String> PEERS = List.of("jctools-spsc", "jctools-mpmc", "lmax-single", "lmax-multi",
            "agrona-o2o", "agrona-o2o/claim", "agrona-m2o", "abq");

    private BenchChannels() { }

    /**
     * Opens channel {@code name} with room for at least {@code capacity} 64-byte records.
     *
     * @throws IllegalArgumentException naming the channel when it cannot serve the shape
     */
    public static BenchChannel open(String name, int capacity, int producers, int consumers) {
        return switch (name) {
            case "jctools-spsc" -> new JctoolsChannel(name, false, capacity, producers, consumers);
            case "jctools-mpmc" -> new JctoolsChannel(name, true, capacity, producers, consumers);
            case "lmax-single" -> new LmaxChannel(name, false, capacity, producers, consumers);
            case "lmax-multi" -> new LmaxChannel(name, true, capacity, producers, consumers);
            case "agrona-o2o" -> new AgronaChannel(name, false, false, capacity, producers, consumers);
            case "agrona-o2o/claim" -> new AgronaChannel(name, false, true, capacity, producers, consumers);
            case "agrona-m2o" -> new AgronaChannel(name, true, false, capacity, producers, consumers);
            case "abq" -> new BlockingQueueChannel(capacity, producers, consumers);
            default -> name.endsWith("/slot")
                    ? new MappedQueueChannel(name.substring(0, name.length() - "/slot".length()), true, capacity, producers, consumers)
                    : new MappedQueueChannel(name, false, capacity, producers, consumers);
        };
    }
}
