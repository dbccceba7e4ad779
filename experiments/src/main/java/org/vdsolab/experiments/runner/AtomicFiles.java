package org.vdsolab.experiments.runner;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a result file all at once or not at all: the content goes to a hidden temp file in the
 * same folder ({@code .<name>.<digits>.tmp}), which is forced to disk and then renamed over the
 * target with {@code ATOMIC_MOVE}. A reader therefore sees the old file or the new one, never a
 * half-written or 0-byte one; when the writer throws, the temp file is deleted and the target is
 * left as it was. A process killed mid-write may leave a temp file, which {@link RunFolder#clean}
 * removes. Every failure is a {@link FileActionException} naming the target and the reason.
 *
 * <p>Stateless and thread-safe; two concurrent writes of one target each rename a complete file,
 * and the last rename wins.
 */
public final class AtomicFiles {

    /** What fills the file. The stream is buffered; the callback need not (and should not) close it. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() { }

    /**
     * Writes {@code target} (replacing it) from {@code content}; creates no folder.
     *
     * @throws IOException a {@link FileActionException} naming {@code target}, when the temp file
     *                     cannot be created, written or renamed, or {@code content} throws one
     */
    public static Path write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw FileErrors.wrap("write", target, e);
        }
        boolean moved = false;
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            OutputStream shielded = new FilterOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();   // the channel is closed (after force) by write, not by the content
                }
            };
            content.writeTo(shielded);
            shielded.flush();
            channel.force(false);
            move(tmp, target);
            moved = true;
        } catch (IOException e) {
            throw FileErrors.wrap("write", target, e);
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
        return target;
    }

    /** Writes {@code text} as UTF-8 to {@code target}, atomically as {@link #write} does. */
    public static Path writeString(Path target, CharSequence text) throws IOException {
        return write(target, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes {@code bytes} to {@code target}, atomically as {@link #write} does. */
    public static Path write(Path target, byte[] bytes) throws IOException {
        return write(target, out -> out.write(bytes));
    }

    /** Copies {@code source} to {@code target} (replacing it), atomically as {@link #write} does. */
    public static Path copy(Path source, Path target) throws IOException {
        return write(target, out -> {
            try {
                Files.copy(source, out);
            } catch (IOException e) {
                throw FileErrors.wrap("read", source, e);
            }
        });
    }

    /** Removes a temp file after a failed write; a failure here must not hide the write's own error. */
    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the write's exception is the one to report; RunFolder.clean removes the leftover
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // a file system without atomic rename in one folder: still never a partial target on success
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
