package org.vdsolab.devices;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Provider {@code file}: real reads and writes on a backing file ({@link FileDevice}).
 * Parameters: {@code path} (created, with missing parent directories, if absent; without it a
 * temporary file is created and deleted on close) and {@code size} (the device size; defaults to
 * the existing file's length, or 64 MiB for a new file). A file shorter than {@code size} is
 * extended (sparse); a longer one is left as it is and only its first {@code size} bytes are
 * addressable. Stateless; thread-safe.
 */
public final class FileDeviceProvider implements DeviceProvider {

    /** The name configs use. */
    public static final String NAME = "file";

    static final long DEFAULT_NEW_SIZE = 64L << 20;

    private static final ParamSchema SCHEMA = new ParamSchema(NAME)
            .param("path", null, "backing file, created if missing (default: a temporary file deleted on close)")
            .param("size", null, "device size in bytes (default: the existing file's length, else 64 MiB)");

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "real positional reads and writes on a backing file through FileChannel; FSYNC forces it";
    }

    @Override public String capabilitySummary() { return SCHEMA.summary(); }

    @Override public List<String> profiles() { return SCHEMA.profileNames(); }

    /**
     * Opens (creating if needed) the backing file.
     *
     * @throws IllegalArgumentException for an unknown parameter, a malformed size or path, or a
     *                                  file that cannot be created or opened (the message names it)
     */
    @Override public DeviceModel open(DeviceSpec spec) {
        DeviceParams p = SCHEMA.resolve(spec);
        String pathText = p.text("path");
        Path path;
        boolean temporary = pathText == null || pathText.isEmpty();
        try {
            if (temporary) {
                path = Files.createTempFile("vdsolab-file-device-", ".img");
            } else {
                path = Path.of(pathText).toAbsolutePath();
                Path parent = path.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            }
        } catch (InvalidPathException e) {
            throw p.bad("path", pathText, "a file path (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(NAME + ": cannot create the backing file "
                    + (temporary ? "in java.io.tmpdir" : "'" + pathText + "'") + ": " + e, e);
        }
        FileChannel ch = null;
        try {
            boolean existed = !temporary && Files.exists(path);
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = p.text("size") != null ? p.bytes("size", 0, Long.MAX_VALUE)
                    : existed ? ch.size() : DEFAULT_NEW_SIZE;
            if (ch.size() < size) {
                ch.write(ByteBuffer.allocate(1), size - 1);   // extend to size: the file system keeps the hole sparse
            }
            return new FileDevice(path, temporary, ch, size);
        } catch (IOException e) {
            abandon(ch, temporary ? path : null);
            throw new IllegalArgumentException(NAME + ": cannot open backing file '" + path + "': " + e, e);
        } catch (IllegalArgumentException e) {
            abandon(ch, temporary ? path : null);
            throw e;
        }
    }

    /** Cleans up after a failed open: closes the channel, deletes a temporary file. */
    private static void abandon(FileChannel ch, Path temporaryFile) {
        try {
            if (ch != null) {
                ch.close();
            }
            if (temporaryFile != null) {
                Files.deleteIfExists(temporaryFile);
            }
        } catch (IOException ignored) {
            // already failing with a clearer message
        }
    }
}
