package org.vdsolab.api.uring.nio;

import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;
import org.vdsolab.api.uring.SqBuffer;
import org.vdsolab.api.uring.UringOp;
import org.vdsolab.api.uring.UringUser;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous variant of {@link RingFileChannel}, shaped like
 * {@link java.nio.channels.AsynchronousFileChannel}: {@link #read} and {@link #write} at explicit
 * positions return a {@link CompletableFuture} of the bytes moved, completed by the channel's
 * reaper thread when the CQE arrives (exceptionally with an {@link IOException} for a negative
 * result). Up to {@code slots} requests are in flight at once, each through its own
 * {@code chunkBytes} window of the domain's buffer slice; further calls wait for a free window.
 * Each request moves at most {@code chunkBytes} bytes.
 *
 * <p>Thread-safety: {@link #read}/{@link #write} may be called from any threads (submission is
 * serialised by a lock; the reaper thread is the domain's only reaper). The caller must not touch
 * a buffer between passing it and the future's completion.
 */
public final class AsyncRingFileChannel implements AutoCloseable {

    private final UringUser user;
    private final int fd;
    private final long capacity;
    private final long windowOffset;
    private final int chunkBytes;
    private final SqBuffer sq;
    private final MemorySegment buffers;
    private final Object lock = new Object();
    private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
    private final Map<Long, Pending> inFlight = new HashMap<>();
    private final Thread reaper;
    private long nextUserData = 1;
    private volatile boolean open = true;

    private record Pending(int opcode, int slot, ByteBuffer buffer, long position, int length, CompletableFuture<Integer> future) { }

    /**
     * @param windowOffset where the first window starts in the domain's buffer slice
     * @param slots        windows, i.e. requests in flight at most
     */
    public AsyncRingFileChannel(UringUser user, int fd, long capacity, long windowOffset, int chunkBytes, int slots) {
        if (slots < 1 || chunkBytes < 1 || windowOffset < 0 || windowOffset + (long) slots * chunkBytes > user.buffers().byteSize()) {
            throw new IllegalArgumentException(slots + " windows of " + chunkBytes + " bytes from " + windowOffset
                    + " do not fit the domain's buffer slice of " + user.buffers().byteSize() + " bytes");
        }
        this.user = user;
        this.fd = fd;
        this.capacity = capacity;
        this.windowOffset = windowOffset;
        this.chunkBytes = chunkBytes;
        this.sq = user.newSqBuffer(slots);
        this.buffers = user.buffers();
        for (int i = 0; i < slots; i++) {
            freeSlots.add(i);
        }
        this.reaper = new Thread(this::reap, "uring-async-channel-reaper-" + user.domain());
        reaper.setDaemon(true);
        reaper.start();
    }

    /** Reads up to {@code chunkBytes} at {@code position} into {@code dst}; the future gives the count, -1 at or past the capacity. */
    public CompletableFuture<Integer> read(ByteBuffer dst, long position) {
        if (position >= capacity) {
            return CompletableFuture.completedFuture(-1);
        }
        int n = (int) Math.min(Math.min(dst.remaining(), chunkBytes), capacity - position);
        return submit(UringOp.READ, dst, position, n);
    }

    /** Writes up to {@code chunkBytes} of {@code src} at {@code position}; the future gives the count. */
    public CompletableFuture<Integer> write(ByteBuffer src, long position) {
        int n = (int) Math.min(src.remaining(), chunkBytes);
        if (position < 0 || position + n > capacity) {
            return CompletableFuture.failedFuture(new IOException("write of " + n + " bytes at " + position
                    + " is outside the device's capacity of " + capacity + " bytes (fd " + fd + ")"));
        }
        return submit(UringOp.WRITE, src, position, n);
    }

    private CompletableFuture<Integer> submit(int opcode, ByteBuffer buf, long position, int n) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        if (!open) {
            f.completeExceptionally(new ClosedChannelException());
            return f;
        }
        if (n == 0) {
            f.complete(0);
            return f;
        }
        synchronized (lock) {
            while (freeSlots.isEmpty() && open) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    f.completeExceptionally(e);
                    return f;
                }
            }
            if (!open) {
                f.completeExceptionally(new ClosedChannelException());
                return f;
            }
            int slot = freeSlots.poll();
            long window = windowOffset + (long) slot * chunkBytes;
            if (opcode == UringOp.WRITE) {
                MemorySegment.copy(MemorySegment.ofBuffer(buf), 0, buffers, window, n);
            }
            long ud = nextUserData++;
            inFlight.put(ud, new Pending(opcode, slot, buf, position, n, f));
            SqeView v = sq.getSqe();
            v.opcode(opcode).fd(fd).off(position).addr(window).len(n).userData(ud);
            while (sq.submit() == 0) {
                Thread.onSpinWait(); // the SQ is full: the pollers are draining it
            }
        }
        return f;
    }

    private void reap() {
        Cqe c = new Cqe();
        BackoffIdleStrategy idle = new BackoffIdleStrategy();
        while (open || hasInFlight()) {
            if (!user.poll(c)) {
                idle.idle();
                continue;
            }
            idle.reset();
            Pending p;
            synchronized (lock) {
                p = inFlight.remove(c.userData);
            }
            if (p == null) {
                continue;
            }
            if (c.res < 0) {
                p.future.completeExceptionally(new IOException("io_uring " + UringOp.name(p.opcode) + " of " + p.length
                        + " bytes at offset " + p.position + " on fd " + fd + " failed: " + Errno.name(c.res)));
            } else {
                if (p.opcode == UringOp.READ) {
                    MemorySegment.copy(buffers, windowOffset + (long) p.slot * chunkBytes, MemorySegment.ofBuffer(p.buffer), 0, c.res);
                }
                p.buffer.position(p.buffer.position() + c.res);
            }
            synchronized (lock) {
                freeSlots.add(p.slot);
                lock.notifyAll();
            }
            if (c.res >= 0) {
                p.future.complete(c.res);
            }
        }
    }

    private boolean hasInFlight() {
        synchronized (lock) {
            return !inFlight.isEmpty();
        }
    }

    public boolean isOpen() { return open; }

    /** Refuses new requests, waits (up to 30 s) for those in flight, stops the reaper. */
    @Override
    public void close() {
        synchronized (lock) {
            open = false;
            lock.notifyAll();
        }
        try {
            reaper.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
