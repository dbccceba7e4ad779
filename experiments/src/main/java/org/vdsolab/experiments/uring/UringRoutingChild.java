package org.vdsolab.experiments.uring;

import org.vdsolab.api.process.ParentWatch;
import org.HdrHistogram.Histogram;
import org.vdsolab.api.uring.UringCredentials;
import org.vdsolab.api.uring.UringUser;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a uring-routing child JVM: one user domain in an address space of its own. It
 * attaches the ring's region and the control region by path, runs a {@link RoutingDomain}, writes
 * its latency histogram (HdrHistogram, compressed) to a file and exits 0; any failure is printed
 * to stderr, flagged in its control line and exits 1.
 *
 * <p>Arguments: {@code DOMAIN FD RING_FILE CONTROL_FILE HISTOGRAM_FILE key=value...} (the
 * parameters as {@link RoutingParams#toArgs()} writes them).
 */
public final class UringRoutingChild {

    private UringRoutingChild() { }

    public static void main(String[] args) {
        ParentWatch.start(); // ends this JVM when the one that started it is gone
        try {
            run(args);
            System.exit(0);
        } catch (Throwable t) {
            System.err.println("uring-routing child " + String.join(" ", Arrays.asList(args).subList(0, Math.min(1, args.length)))
                    + " failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        if (args.length < 6) {
            throw new IllegalArgumentException("usage: UringRoutingChild DOMAIN FD RING_FILE CONTROL_FILE HISTOGRAM_FILE CREDENTIAL key=value...");
        }
        int domain = Integer.parseInt(args[0]);
        int fd = Integer.parseInt(args[1]);
        // The domain's ring credential, from the parent that holds the kernel (never through the region).
        long credential = UringCredentials.parse("UringRoutingChild CREDENTIAL (argument 6)", args[5]);
        RoutingParams params = RoutingParams.fromArgs(List.of(args).subList(6, args.length));
        Histogram histogram = new Histogram(3);
        try (RoutingControl control = RoutingControl.attach(Path.of(args[3]), params.domains());
             UringUser user = UringUser.attach(Path.of(args[2]), params.spec(), domain, credential)) {
            new RoutingDomain(params, control, user, fd, histogram::recordValue).run();
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        Files.write(Path.of(args[4]), Arrays.copyOf(buffer.array(), length));
    }
}
