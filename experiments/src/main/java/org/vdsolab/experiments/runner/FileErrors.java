package org.vdsolab.experiments.runner;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Turns I/O exceptions into messages a user can act on: the file and the reason. The JDK's
 * {@link FileSystemException}s often carry only the path (a {@code NoSuchFileException} from
 * creating {@code /proc/x} says just {@code /proc/x}), and a failed write ({@code No space left on
 * device}) names no file at all. Stateless, thread-safe.
 */
public final class FileErrors {

    private FileErrors() { }

    /**
     * Wraps {@code e} as a {@link FileActionException} naming {@code action} and {@code path};
     * returns {@code e} itself when it already is one (so nested helpers do not repeat the path).
     *
     * @param action what was being done, as a verb phrase: "write", "create output folder"
     */
    public static IOException wrap(String action, Path path, IOException e) {
        if (e instanceof FileActionException) {
            return e;
        }
        return new FileActionException(action, path, e);
    }

    /**
     * The reason of {@code e} in words, then its type: {@code No such file or directory
     * (NoSuchFileException)}; for a {@link FileSystemException} on a file other than {@code path}
     * (a parent folder, a temp file), that file too: {@code (NoSuchFileException at /proc/x)}.
     *
     * @param path the file the caller names in its own message, or null
     */
    public static String reason(IOException e, Path path) {
        return reason(e, path == null ? null : path.toString());
    }

    private static String reason(IOException e, String path) {
        String reason;
        String at = "";
        if (e instanceof FileSystemException fs) {
            reason = fs.getReason() != null ? fs.getReason() : defaultReason(fs);
            if (fs.getFile() != null && !fs.getFile().equals(path)) {
                at = " at " + fs.getFile();
            }
            if (fs.getOtherFile() != null) {
                at += " and " + fs.getOtherFile();
            }
        } else {
            reason = e.getMessage() != null ? e.getMessage() : "I/O error";
        }
        return reason + " (" + e.getClass().getSimpleName() + at + ")";
    }

    /**
     * A one-line description of any I/O exception for the user: a {@link FileActionException}'s
     * own message; for a {@link FileSystemException}, {@code <file>: <reason> (<type>)}; else the
     * message (or the type when there is none).
     */
    public static String describe(IOException e) {
        if (e instanceof FileActionException) {
            return e.getMessage();
        }
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            return fs.getFile() + ": " + reason(fs, fs.getFile());
        }
        return e.getMessage() != null ? e.getMessage() : reason(e, (String) null);
    }

    private static String defaultReason(FileSystemException e) {
        return switch (e) {
            case NoSuchFileException x -> "No such file or directory";
            case AccessDeniedException x -> "Permission denied";
            case FileAlreadyExistsException x -> "File exists";
            case NotDirectoryException x -> "Not a directory";
            case DirectoryNotEmptyException x -> "Directory not empty";
            case FileSystemLoopException x -> "Too many levels of symbolic links";
            default -> "I/O error";
        };
    }
}
