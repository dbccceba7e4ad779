package org.vdsolab.api.uring.nio;

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
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A {@link SeekableByteChannel} whose reads and writes are io_uring READ and WRITE requests on one
 * device of the ring: code written against NIO uses the ring without knowing it. Each call is one
 * request of at most {@code chunkBytes} (the standard short-transfer rule of
 * {@link java.nio.channels.ReadableByteChannel#read}); the bytes travel through a window of this
 * domain's buffer slice in the vvar, and the call blocks until the CQE arrives.
 *
 * <p>The device has a fixed capacity; the channel keeps a logical {@link #size()} (the initial
 * size, grown by writes up to the capacity, shrunk by {@link #truncate}). Reading at or past the
 * size returns -1; writing past the capacity throws. A negative CQE result becomes an
 * {@link IOException} naming the operation, the offset and the errno.
 *
 * <p>The channel owns the domain's submissions and completions while it is open (it expects to be
 * the only user of its {@link UringUser}). Not thread-safe: one thread at a time, like a
 * {@code FileChannel} used without its position lock.
 */
public final class RingFileChannel implements SeekableByteChannel {

    private final UringUser user;
    private final int fd;
    private final long capacity;
    private final long windowOffset;
    private final int chunkBytes;
    private final boolean writable;
    private final SqBuffer sq;
    private final MemorySegment buffers;
    private final Cqe cqe = new Cqe();
    private long position;
    private long size;
    private long nextUserData = 1;
    private boolean open = true;
    private final long timeoutNanos;

    /**
     * @param fd           the device's fd in the kernel's device table
     * @param capacity     the device's capacity in bytes
     * @param initialSize  the logical size to start with (e.g. the length of the data already there)
     * @param windowOffset where the channel's window starts in the domain's buffer slice
     * @param chunkBytes   the window's size: the most one request moves
     */
    public RingFileChannel(UringUser user, int fd, long capacity, long initialSize, long windowOffset, int chunkBytes,
                           boolean writable) {
        if (chunkBytes < 1 || windowOffset < 0 || windowOffset + chunkBytes > user.buffers().byteSize()) {
            throw new IllegalArgumentException("channel window [" + windowOffset + ", " + (windowOffset + chunkBytes)
                    + ") must lie in the domain's buffer slice of " + user.buffers().byteSize() + " bytes");
        }
        if (initialSize < 0 || initialSize > capacity) {
            throw new IllegalArgumentException("initial size " + initialSize + " outside [0, capacity " + capacity + "]");
        }
        this.user = user;
        this.fd = fd;
        this.capacity = capacity;
        this.size = initialSize;
        this.windowOffset = windowOffset;
        this.chunkBytes = chunkBytes;
        this.writable = writable;
        this.sq = user.newSqBuffer(1);
        this.buffers = user.buffers();
        this.timeoutNanos = 30_000_000_000L;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(Math.min(dst.remaining(), chunkBytes), size - position);
        if (n == 0) {
            return 0;
        }
        int res = request(UringOp.READ, position, n);
        MemorySegment.copy(buffers, windowOffset, MemorySegment.ofBuffer(dst), 0, res);
        dst.position(dst.position() + res);
        position += res;
        return res;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        ensureOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        int n = (int) Math.min(src.remaining(), chunkBytes);
        if (n == 0) {
            return 0;
        }
        if (position + n > capacity) {
            throw new IOException("write of " + n + " bytes at " + position + " passes the device's capacity of "
                    + capacity + " bytes (fd " + fd + ")");
        }
        MemorySegment.copy(MemorySegment.ofBuffer(src), 0, buffers, windowOffset, n);
        int res = request(UringOp.WRITE, position, n);
        src.position(src.position() + res);
        position += res;
        size = Math.max(size, position);
        return res;
    }

    /** Forces written data to the device's storage (an FSYNC request). */
    public void force() throws IOException {
        ensureOpen();
        request(UringOp.FSYNC, 0, 0);
    }

    @Override public long position() throws IOException { ensureOpen(); return position; }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("position must be >= 0, got " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override public long size() throws IOException { ensureOpen(); return size; }

    @Override
    public SeekableByteChannel truncate(long newSize) throws IOException {
        ensureOpen();
        if (newSize < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + newSize);
        }
        if (!writable) {
            throw new NonWritableChannelException();
        }
        size = Math.min(size, newSize);
        position = Math.min(position, newSize);
        return this;
    }

    @Override public boolean isOpen() { return open; }

    /** Closes the channel; the ring and the device stay as they are. */
    @Override public void close() { open = false; }

    private int request(int opcode, long off, int len) throws IOException {
        long ud = nextUserData++;
        SqeView v = sq.getSqe();
        v.opcode(opcode).fd(fd).off(off).len(len).userData(ud);
        if (opcode != UringOp.FSYNC) {
            v.addr(windowOffset);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (sq.submit() == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("io_uring SQ stayed full for 30 s: cannot submit " + UringOp.name(opcode) + " on fd " + fd);
            }
            Thread.onSpinWait();
        }
        while (true) {
            if (!user.await(cqe, Math.max(1, deadline - System.nanoTime()))) {
                throw new IOException("no completion for " + UringOp.name(opcode) + " on fd " + fd + " at offset " + off
                        + " within 30 s: is the kernel's poller running?");
            }
            if (cqe.userData == ud) {
                break;
            }
            // a completion of an earlier, abandoned request (its call threw): not ours, skip it
        }
        if (cqe.res < 0) {
            throw new IOException("io_uring " + UringOp.name(opcode) + " of " + len + " bytes at offset " + off + " on fd "
                    + fd + " failed: " + Errno.name(cqe.res));
        }
        return cqe.res;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
