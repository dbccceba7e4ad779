package org.vdsolab.experiments.runner;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An I/O failure on one file or folder, with what was being done: its message reads
 * {@code cannot <action> <path>: <reason> (<exception type>)}, the form the CLI prints. Made by
 * {@link FileErrors#wrap}. Immutable, so thread-safe.
 */
public final class FileActionException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    FileActionException(String action, Path path, IOException cause) {
        super("cannot " + action + " " + path + ": " + FileErrors.reason(cause, path), cause);
        this.path = path;
    }

    /** The file or folder the action failed on. */
    public Path path() {
        return path;
    }
}
