package org.vdsolab.api.device;

/**
 * Where a device model leaves the outcome of one request: when it completes (in the
 * {@link System#nanoTime()} clock) and the CQE result (bytes moved, or a negative errno). A mutable
 * holder reused by its kernel poller, so serving a request allocates nothing. Not thread-safe.
 */
public final class IoResult {
    public long completeAtNanos;
    public int res;

    public IoResult set(long completeAtNanos, int res) {
        this.completeAtNanos = completeAtNanos;
        this.res = res;
        return this;
    }
}
