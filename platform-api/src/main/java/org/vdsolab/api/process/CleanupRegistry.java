package org.vdsolab.api.process;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one list of what this JVM created and must not leave behind: live {@link ChildJvm}s, region
 * files (in /dev/shm), and temp files or folders. {@link ChildJvm} registers each child it starts,
 * {@code SharedRegion.create} each region file, and workloads the temp files they make; each is
 * forgotten again when its owner closes or deletes it. Whoever ends work early (the runner after a
 * repetition, on {@code run.timeout_s}, or from its shutdown hook) calls {@link #cleanUpSince} or
 * {@link #cleanUpAll}: live children get SIGTERM, then SIGKILL after a grace, with their
 * descendants; files and folders are deleted.
 *
 * <p>{@link #mark()} returns a sequence number; {@link #cleanUpSince(long, Duration)} handles only
 * what was registered after it, by any thread of this JVM. After {@link #shutDown} the registry
 * refuses new children: {@link #register(ChildJvm)} kills the child and throws, so a runner thread
 * still going while the JVM exits cannot leave a new child behind.
 *
 * <p>Thread-safety: every method may be called from any thread; the state is guarded by this
 * object's monitor, and children are killed and files deleted outside it.
 */
public final class CleanupRegistry {

    private static final CleanupRegistry GLOBAL = new CleanupRegistry();

    private final Map<ChildJvm, Long> children = new LinkedHashMap<>();
    private final Map<Path, Long> files = new LinkedHashMap<>();
    private long sequence;
    private boolean shutDown;

    /** A registry of its own (tests); the code base uses {@link #global()}. */
    public CleanupRegistry() { }

    /** The registry of this JVM, which {@link ChildJvm} and {@code SharedRegion} register with. */
    public static CleanupRegistry global() {
        return GLOBAL;
    }

    /** What a clean-up did: children killed, paths deleted, and what it could not do. */
    public record Report(List<String> killed, List<Path> deleted, List<String> problems) {
        public Report {
            killed = List.copyOf(killed);
            deleted = List.copyOf(deleted);
            problems = List.copyOf(problems);
        }
    }

    /** The current sequence number; what is registered later has a larger one. */
    public synchronized long mark() {
        return sequence;
    }

    /**
     * Registers a live child.
     *
     * @throws ChildJvmException after {@link #shutDown}: the child has then been killed
     */
    public void register(ChildJvm child) {
        Objects.requireNonNull(child, "child");
        synchronized (this) {
            if (!shutDown) {
                children.put(child, ++sequence);
                return;
            }
        }
        child.killTree();
        throw new ChildJvmException("child JVM '" + child.name() + "' (pid " + child.pid()
                + ") was started while this JVM shuts down, and was killed");
    }

    /** Forgets a child (it was closed by its owner). */
    public synchronized void forget(ChildJvm child) {
        children.remove(child);
    }

    /** Registers a file or folder to delete at clean-up (a folder with everything in it). */
    public synchronized void register(Path path) {
        files.put(Objects.requireNonNull(path, "path").toAbsolutePath(), ++sequence);
    }

    /** Forgets a path (its owner deleted it, or keeps it on purpose). */
    public synchronized void forget(Path path) {
        files.remove(Objects.requireNonNull(path, "path").toAbsolutePath());
    }

    /** True when {@code path} is registered. */
    public synchronized boolean isRegistered(Path path) {
        return files.containsKey(path.toAbsolutePath());
    }

    /** Live children registered, in order. */
    public synchronized List<ChildJvm> children() {
        return List.copyOf(children.keySet());
    }

    /** True once {@link #shutDown} was called. */
    public synchronized boolean isShutDown() {
        return shutDown;
    }

    /**
     * Kills the children and deletes the paths registered after {@code mark}, then forgets them.
     *
     * @param grace how long children have after SIGTERM before SIGKILL
     */
    public Report cleanUpSince(long mark, Duration grace) {
        List<ChildJvm> doomed = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        synchronized (this) {
            take(children, mark, doomed);
            take(files, mark, paths);
        }
        return cleanUp(doomed, paths, grace);
    }

    /** {@link #cleanUpSince} for everything registered. */
    public Report cleanUpAll(Duration grace) {
        return cleanUpSince(Long.MIN_VALUE, grace);
    }

    /** Refuses new children from now on, then cleans up everything registered. */
    public Report shutDown(Duration grace) {
        synchronized (this) {
            shutDown = true;
        }
        return cleanUpAll(grace);
    }

    private static <K> void take(Map<K, Long> from, long mark, List<K> into) {
        var it = from.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue() > mark) {
                into.add(e.getKey());
                it.remove();
            }
        }
    }

    private static Report cleanUp(List<ChildJvm> doomed, List<Path> paths, Duration grace) {
        List<String> killed = new ArrayList<>();
        List<Path> deleted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<ProcessHandle> trees = new ArrayList<>();
        for (ChildJvm c : doomed) {
            if (c.isAlive()) {
                killed.add(c.name() + " (pid " + c.pid() + ")");
            }
            ProcessHandle.of(c.pid()).ifPresent(h -> {
                trees.addAll(h.descendants().toList());
                trees.add(h);
            });
        }
        for (ProcessHandle h : trees) {
            h.destroy(); // SIGTERM: a JVM runs its shutdown hooks
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : trees) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // still alive after the grace (or we were interrupted): SIGKILL below
                }
            }
        }
        for (ProcessHandle h : trees) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : trees) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (h.isAlive()) {
                    problems.add("pid " + h.pid() + " still runs after SIGKILL");
                }
            }
        }
        for (ChildJvm c : doomed) {
            try {
                c.close(); // deletes its captured output; the tree is dead already
            } catch (RuntimeException e) {
                problems.add(c.name() + ": " + e.getMessage());
            }
        }
        for (Path p : paths) {
            try {
                if (deleteTree(p)) {
                    deleted.add(p);
                }
            } catch (IOException e) {
                problems.add("cannot delete " + p + ": " + e);
            }
        }
        return new Report(killed, deleted, problems);
    }

    /** Deletes a file, or a folder with everything in it; false if nothing was there. */
    static boolean deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Files.deleteIfExists(p);
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        return true;
    }
}
