package org.vdsolab.experiments.runner;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a run's files go by default: {@code <base>/<experiment>/<yyyyMMdd-HHmmss>/} (local time),
 * with {@code -2}, {@code -3}, ... appended when two runs start in the same second. {@code base}
 * is {@code out} under the working directory, which .gitignore excludes. Stateless.
 */
public final class OutputDirectory {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private OutputDirectory() { }

    /** Creates and returns a new, empty run folder. */
    public static Path createFresh(Path base, String experiment, LocalDateTime now) throws IOException {
        Path parent = base.resolve(experiment);
        Files.createDirectories(parent);
        String stamp = STAMP.format(now);
        for (int n = 1; ; n++) {
            Path dir = parent.resolve(n == 1 ? stamp : stamp + "-" + n);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // another run this second: try the next suffix
            }
        }
    }
}
