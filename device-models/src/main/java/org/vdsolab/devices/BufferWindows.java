package org.vdsolab.devices;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Per-thread {@link ByteBuffer} access to a domain's buffer area for {@code FileChannel} I/O,
 * without allocating per request. A thread keeps one {@link Window} for the last area it served: a
 * {@code ByteBuffer} view of the whole area (native, mapped and {@code byte[]} segments up to 2 GiB)
 * that each request repositions, or, for areas that have no view (larger ones, heap segments over
 * other array types), a 64 KiB direct bounce buffer the data is copied through.
 *
 * <p>Thread-safe: each thread uses only its own window. A window keeps a reference to the last area
 * its thread served until that thread serves another.
 */
final class BufferWindows {

    static final int BOUNCE_BYTES = 64 * 1024;

    private final ThreadLocal<Window> windows = ThreadLocal.withInitial(Window::new);

    /** The calling thread's window, attached to {@code area}. */
    Window of(MemorySegment area) {
        Window w = windows.get();
        if (w.area != area) {
            w.attach(area);
        }
        return w;
    }

    /** One thread's access to one area. Not thread-safe: confined to its thread. */
    static final class Window {
        private MemorySegment area;
        private ByteBuffer view;
        private ByteBuffer bounce;
        private MemorySegment bounceSegment;

        private void attach(MemorySegment a) {
            area = a;
            view = null;
            if (a.byteSize() <= Integer.MAX_VALUE) {
                try {
                    view = a.asByteBuffer();
                } catch (UnsupportedOperationException e) {
                    view = null;            // e.g. a heap segment over long[]: use the bounce buffer
                }
            }
        }

        /** The whole-area view positioned on {@code [start, start + length)}, or {@code null} if the area has none. */
        ByteBuffer slice(long start, int length) {
            if (view == null) {
                return null;
            }
            view.clear();
            view.position((int) start);
            view.limit((int) start + length);
            return view;
        }

        /** The bounce buffer (cleared), created on first use. */
        ByteBuffer bounce() {
            if (bounce == null) {
                bounce = ByteBuffer.allocateDirect(BOUNCE_BYTES);
                bounceSegment = MemorySegment.ofBuffer(bounce);
            }
            return bounce.clear();
        }

        /** The bounce buffer's memory as a segment, for copies to and from the area. */
        MemorySegment bounceSegment() {
            bounce();
            return bounceSegment;
        }
    }
}
