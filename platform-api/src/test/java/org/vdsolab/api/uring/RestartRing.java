package org.vdsolab.api.uring;

import org.vdsolab.api.idle.YieldingIdleStrategy;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.testkit.selftest.LockedDequeProvider;

import java.nio.file.Path;

/**
 * The ring the restart tests kill and restart, identical in the test JVM and in the kernel child
 * JVM ({@link RestartKernelMain}): 1 user domain, 2 pollers, a 64-entry SQ and CQ, fd 0 a
 * {@link TestDevice} whose {@link #LATENCY_NANOS} service time keeps requests in the pollers'
 * private timers long enough for a crash to take some with it. Kernels share {@link #SECRET} so a
 * reattached kernel accepts the credentials the user got from its predecessor.
 */
final class RestartRing {
    private RestartRing() { }

    static final long SECRET = 0x5EC2_E7A1_1CE5_0001L;
    static final long LATENCY_NANOS = 200_000_000L;

    static UringSpec spec(QueueProvider provider) {
        return UringSpec.simple(provider.name(), 64, 64).withPollers(2);
    }

    static UringSpec spec() {
        return spec(new LockedDequeProvider());
    }

    /** A kernel (pollers not started) that creates the ring in {@code file}, or reattaches to it. */
    static UringKernel kernel(QueueProvider provider, Path file, boolean reattach, TestDevice device) {
        UringKernel.Builder b = UringKernel.builder(spec(provider)).provider(provider).secret(SECRET)
                .idle(YieldingIdleStrategy::new).tuning(new KernelPoller.Tuning(16, 50_000_000, 100_000, 8))
                .recoveryPeriodMillis(5);
        b = reattach ? b.reattach(file) : b.regionFile(file);
        b.device("test", device);
        return b.build();
    }

    static long credential() {
        return UringCredentials.derive(SECRET, 0);
    }
}
