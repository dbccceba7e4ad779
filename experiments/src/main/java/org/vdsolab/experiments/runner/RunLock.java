package org.vdsolab.experiments.runner;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One writer per run folder: a lock on {@code <folder>/.vdsolab.lock}, held while a run (or a
 * report, or a publish) writes the folder, so two of them never mix their files there.
 *
 * <p>The lock is an operating-system file lock ({@link FileChannel#tryLock()}), which the system
 * drops when its process dies however it dies, so a crashed run never blocks the folder; the
 * file's text (pid, process start time, what runs) only names the holder in the refusal. A
 * file left with text by a run that died without releasing it is a stale lock: it is taken over,
 * with a warning naming the dead run. Within one JVM a registry of held folders refuses a second
 * holder before the file is opened (file locks belong to the process, not the thread).
 * {@link #close} empties the file and releases the lock; the empty file stays, since deleting it
 * would let a process that opened it just before lock a file no longer in the folder.
 *
 * <p>Thread-safe: {@link #acquire} may be called from any thread; one instance is closed once
 * (further closes do nothing).
 */
public final class RunLock implements AutoCloseable {

    /** The lock file's name in the folder. */
    public static final String FILE = ".vdsolab.lock";

    private static final ConcurrentMap<Path, String> HELD = new ConcurrentHashMap<>();
    private static final Pattern PID = Pattern.compile("(?m)^pid (\\d+)$");
    private static final Pattern STARTED = Pattern.compile("(?m)^started (\\S+)$");
    private static final Pattern WRITING = Pattern.compile("(?m)^writing (.+)$");

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private RunLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code folder} (creating it if missing) for this process.
     *
     * @param what     what will write the folder, recorded in the lock file ("./vdsolab run x.yaml")
     * @param warnings told, one sentence, when a stale lock is taken over
     * @throws InUseException when another run holds the folder (the message names the folder and
     *                        that run's pid)
     * @throws IOException when the folder or lock file cannot be created (a
     *                     {@link FileActionException} naming it and the reason)
     */
    public static RunLock acquire(Path folder, String what, Consumer<String> warnings) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw FileErrors.wrap("create output folder", folder, e);
        }
        Path key;
        try {
            key = folder.toRealPath();
        } catch (IOException e) {
            throw FileErrors.wrap("open output folder", folder, e);
        }
        String mine = content(what);
        String other = HELD.putIfAbsent(key, mine);
        if (other != null) {
            throw busy(folder, other);
        }
        Path file = key.resolve(FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;   // held through another channel of this JVM that bypassed the registry
            }
            if (lock == null) {
                throw busy(folder, read(channel));   // this process holds no lock on it, so closing is harmless
            }
            String previous = read(channel);
            if (!previous.isBlank()) {
                warnings.accept("warning: " + folder + ": taking over the lock of an earlier run that did not release"
                        + " it (" + holder(previous) + "; " + fate(previous) + ")");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(mine.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            if (channel != null) {
                channel.close();
            }
            if (e instanceof InUseException || e instanceof RuntimeException) {
                throw e;
            }
            throw FileErrors.wrap("lock output folder", file, (IOException) e);
        }
    }

    /**
     * Another run holds the folder: the message names the folder, the holder's pid (and start time
     * and command line when its lock file gives them) and the lock file. Immutable.
     */
    public static final class InUseException extends IOException {

        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }

    /** The folder this lock holds (its real path). */
    public Path folder() {
        return folder;
    }

    /** Empties the lock file and releases the lock. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
            HELD.remove(folder);
        }
    }

    private static String content(String what) {
        ProcessHandle self = ProcessHandle.current();
        return "pid " + self.pid() + "\nstarted " + self.info().startInstant().map(Instant::toString).orElse("unknown")
                + "\nwriting " + what.replace('\n', ' ') + "\n";
    }

    private static InUseException busy(Path folder, String holderText) {
        return new InUseException(folder + " is in use by another run (" + holder(holderText) + "); two runs in one folder"
                + " would mix their files: wait for it to finish or choose another folder (lock file "
                + folder.resolve(FILE) + ")");
    }

    /** "pid 123, started ..., writing ..." from the lock file's text. */
    private static String holder(String text) {
        Matcher pid = PID.matcher(text);
        if (!pid.find()) {
            return "pid unknown: the lock file names none yet";
        }
        StringBuilder sb = new StringBuilder("pid ").append(pid.group(1));
        Matcher started = STARTED.matcher(text);
        if (started.find()) {
            sb.append(", started ").append(started.group(1));
        }
        Matcher writing = WRITING.matcher(text);
        if (writing.find()) {
            sb.append(", writing ").append(writing.group(1));
        }
        return sb.toString();
    }

    /** Why a lock whose file lock was free is stale: what became of the process it names. */
    private static String fate(String text) {
        Matcher pid = PID.matcher(text);
        if (!pid.find()) {
            return "the lock file names no process";
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid.group(1)));
        if (process.isEmpty() || !process.get().isAlive()) {
            return "that process is no longer running";
        }
        Matcher started = STARTED.matcher(text);
        String then = started.find() ? started.group(1) : "unknown";
        String now = process.get().info().startInstant().map(Instant::toString).orElse("unknown");
        return then.equals(now) ? "that process runs but no longer holds the lock"
                : "that pid is now another process, started " + now;
    }

    private static String read(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 4096);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // read until full or end of file
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }
}
