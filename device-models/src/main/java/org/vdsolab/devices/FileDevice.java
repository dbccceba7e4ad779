package org.vdsolab.devices;

import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Real I/O on a backing file: READ/WRITE-class requests move data between the file at
 * {@code off} and the domain's buffer area at {@code addr} with positional {@link FileChannel}
 * calls; FSYNC forces the file ({@code force(false)} for {@code IORING_FSYNC_DATASYNC}, else
 * {@code force(true)}). A request is done when {@link #submit} returns, and completes at
 * {@code max(now, System.nanoTime())} after the I/O. Bounds are checked before any I/O: the range
 * must end within the device size and every buffer range within the area (see
 * {@link ValidatingDevice}).
 *
 * <p>Results: bytes moved (a read stops short only if the file was truncated behind the device's
 * back); {@code -EIO} when the file system fails; {@code -EBADF} once {@link #close} has run;
 * {@code -EINTR} when the serving thread was interrupted: the JDK then closes the channel, and the
 * device reopens the file so the other pollers carry on.
 *
 * <p>Thread-safe: several pollers may submit at once (positional reads and writes do not share a
 * file position); buffers are reached through per-thread {@link BufferWindows}, so a request
 * allocates nothing on the normal path.
 */
public final class FileDevice extends ValidatingDevice {

    private final Path path;
    private final boolean temporary;
    private final Object lifecycle = new Object();
    private final BufferWindows windows = new BufferWindows();
    // Volatile: pollers read it without the lock; replaced (under the lock) only by a reopen.
    private volatile FileChannel channel;
    // Volatile: a poller that sees its channel closed must know whether close() did it.
    private volatile boolean closed;

    FileDevice(Path path, boolean temporary, FileChannel channel, long size) {
        super(size);
        this.path = path;
        this.temporary = temporary;
        this.channel = channel;
    }

    /** The backing file. */
    public Path path() { return path; }

    @Override public String describe() {
        return FileDeviceProvider.NAME + " " + path + (temporary ? " (temporary)" : "") + ", size " + capacity + " B";
    }

    @Override
    protected void serveData(long nowNanos, SqeView sqe, MemorySegment buffers, boolean write, long off, int len, IoResult out) {
        if (len == 0) {
            out.set(nowNanos, 0);           // nothing to move (the area may even be absent)
            return;
        }
        FileChannel ch = channel;
        int res;
        try {
            BufferWindows.Window w = windows.of(buffers);
            if (RequestClasses.isVectored(sqe.opcode())) {
                res = 0;
                long array = sqe.addr();
                for (int i = 0, n = sqe.len(); i < n; i++) {
                    int part = (int) Requests.iovLen(buffers, array, i);
                    int moved = transfer(ch, w, buffers, Requests.iovBase(buffers, array, i), part, off + res, write);
                    res += moved;
                    if (moved < part) {
                        break;              // end of file: a short read, as in Linux
                    }
                }
            } else {
                res = transfer(ch, w, buffers, sqe.addr(), len, off, write);
            }
        } catch (IOException e) {
            res = failure(ch, e);
        }
        out.set(Math.max(nowNanos, System.nanoTime()), res);
    }

    @Override
    protected void serveFsync(long nowNanos, SqeView sqe, IoResult out) {
        FileChannel ch = channel;
        int res;
        try {
            ch.force((sqe.opFlags() & Requests.FSYNC_DATASYNC) == 0);
            res = 0;
        } catch (IOException e) {
            res = failure(ch, e);
        }
        out.set(Math.max(nowNanos, System.nanoTime()), res);
    }

    /** Moves {@code length} bytes between the area at {@code start} and the file at {@code position}; returns bytes moved. */
    private static int transfer(FileChannel ch, BufferWindows.Window w, MemorySegment area, long start, int length,
                                long position, boolean write) throws IOException {
        if (length == 0) {
            return 0;
        }
        ByteBuffer view = w.slice(start, length);
        if (view != null) {
            return write ? writeFully(ch, view, position) : readFully(ch, view, position);
        }
        MemorySegment bounced = w.bounceSegment();
        int done = 0;
        while (done < length) {
            int chunk = Math.min(length - done, BufferWindows.BOUNCE_BYTES);
            ByteBuffer b = w.bounce().limit(chunk);
            if (write) {
                MemorySegment.copy(area, start + done, bounced, 0, chunk);
                done += writeFully(ch, b, position + done);
            } else {
                int n = readFully(ch, b, position + done);
                MemorySegment.copy(bounced, 0, area, start + done, n);
                done += n;
                if (n < chunk) {
                    break;
                }
            }
        }
        return done;
    }

    private static int readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static int writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
        int total = 0;
        while (src.hasRemaining()) {
            total += ch.write(src, position + total);
        }
        return total;
    }

    /** The errno for a failed I/O on {@code ch}; reopens the file if an interrupt closed it. */
    private int failure(FileChannel ch, IOException e) {
        if (!(e instanceof ClosedChannelException)) {
            return -Errno.EIO;
        }
        if (closed) {
            return -Errno.EBADF;
        }
        // An interrupt (of this thread or of another poller in the middle of an I/O) closed the
        // channel under us: reopen once for everyone and report this request as interrupted.
        synchronized (lifecycle) {
            if (!closed && channel == ch) {
                try {
                    channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (IOException reopen) {
                    return -Errno.EIO;
                }
            }
        }
        return -Errno.EINTR;
    }

    /** Closes the file (in-flight and later requests get {@code -EBADF}) and deletes it if it was temporary. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to recover: the device is going away either way
            }
            if (temporary) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a temporary file left in java.io.tmpdir is harmless
                }
            }
        }
    }
}
