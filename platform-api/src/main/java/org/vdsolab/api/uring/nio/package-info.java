/**
 * Ordinary Java I/O interfaces implemented over the io_uring in the vvar, so existing code uses the
 * ring without knowing it: {@link org.vdsolab.api.uring.nio.RingFileChannel} (a blocking
 * {@link java.nio.channels.SeekableByteChannel}) and
 * {@link org.vdsolab.api.uring.nio.AsyncRingFileChannel} (positional reads and writes returning
 * {@link java.util.concurrent.CompletableFuture}).
 */
package org.vdsolab.api.uring.nio;
