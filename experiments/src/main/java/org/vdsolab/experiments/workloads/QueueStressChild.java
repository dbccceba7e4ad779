package org.vdsolab.experiments.workloads;

import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.process.ParentWatch;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a queue-stress child JVM: one producer or one consumer in an address space
 * of its own. It attaches the region by path, registers in the region's liveness table (its token
 * goes into its control line and to the queue, so that a recovery sweep can free what it held if
 * it is killed), attaches the queue through its provider, signals
 * ready, waits for the parent's start, runs, stores its counts (and, for a consumer, its bitmaps)
 * in the region and its latency histogram (HdrHistogram, compressed) in a file, and exits 0.
 * Any failure is printed to stderr, flagged in its control line and exits 1.
 *
 * <p>Arguments: {@code producer|consumer ID REGION_FILE HISTOGRAM_FILE|- key=value...} (the
 * config as {@link StressConfig#toArgs()} writes it).
 */
public final class QueueStressChild {

    private QueueStressChild() { }

    public static void main(String[] args) {
        ParentWatch.start(); // ends this JVM when the one that started it is gone
        try {
            run(args);
            System.exit(0);
        } catch (Throwable t) {
            System.err.println("queue-stress child " + String.join(" ", Arrays.asList(args).subList(0, Math.min(3, args.length)))
                    + " failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: QueueStressChild producer|consumer ID REGION_FILE HISTOGRAM_FILE|- key=value...");
        }
        String role = args[0];
        int id = Integer.parseInt(args[1]);
        Path regionFile = Path.of(args[2]);
        String histogramFile = args[3];
        StressConfig config = StressConfig.fromArgs(List.of(args).subList(4, args.length));
        try (StressRegion region = StressRegion.attach(regionFile, config)) {
            LivenessTable table = region.attachLiveness();
            int token = table.register();
            try {
                run(role, id, histogramFile, config, region, token);
            } finally {
                table.exit(token);
            }
        }
    }

    private static void run(String role, int id, String histogramFile, StressConfig config, StressRegion region, int token)
            throws IOException {
        switch (role) {
            case "producer" -> {
                region.setProgress(region.producerLine(id), StressRegion.TOKEN, token);
                new StressProducer(config, region, region.attachQueue(config.cpuOf(id)), id, token).run();
            }
            case "consumer" -> {
                region.setProgress(region.consumerLine(id), StressRegion.TOKEN, token);
                Histogram histogram = new Histogram(3);
                new StressConsumer(config, region, region.attachQueue(config.cpuOf(id)), id, histogram::recordValue, token).run();
                if (!histogramFile.equals("-")) {
                    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
                    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
                    Files.write(Path.of(histogramFile), Arrays.copyOf(buffer.array(), length));
                }
            }
            default -> throw new IllegalArgumentException("role must be producer or consumer, got '" + role + "'");
        }
    }
}
