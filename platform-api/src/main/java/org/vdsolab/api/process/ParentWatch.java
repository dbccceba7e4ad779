package org.vdsolab.api.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes a child JVM end itself when the JVM that started it is gone, so that no child outlives
 * its parent (reparented to init, spinning on a queue for ever, holding a region mapped).
 * Every child main started through {@link ChildJvm} calls {@link #start()} first.
 *
 * <p>{@link ChildJvm} tells the child who its parent is with the system property
 * {@value #PARENT_PID_PROPERTY} and keeps the write end of the child's stdin pipe open for the
 * child's whole life. {@link #start()} then starts two daemon threads: one blocks reading stdin
 * and sees end of file the moment the parent dies (the kernel closes its end of the pipe, even on
 * SIGKILL); the other checks every {@value #POLL_MILLIS} ms that
 * {@code ProcessHandle.current().parent()} is still that pid (on Linux an orphan is reparented at
 * once). Either one prints a line to stderr and halts the JVM with {@link #ORPHAN_EXIT_CODE},
 * without shutdown hooks: the parent, or the parent's clean-up, owns every shared file.
 *
 * <p>Without the property (a main run by hand, or called in-process by a test) {@link #start()}
 * watches nothing and returns false. Thread-safety: {@link #start()} may be called from any
 * thread, any number of times; only the first call starts the watch.
 */
public final class ParentWatch {

    /** The system property naming the parent's pid; set by {@link ChildJvm}. */
    public static final String PARENT_PID_PROPERTY = "vdsolab.parent.pid";
    /** The exit code of a child that ended itself because its parent was gone. */
    public static final int ORPHAN_EXIT_CODE = 86;
    /** How often the parent pid is checked, in ms. */
    public static final long POLL_MILLIS = 100;

    private static final Object LOCK = new Object();
    private static boolean started;

    private ParentWatch() { }

    /**
     * Starts watching the parent named by {@value #PARENT_PID_PROPERTY}; halts this JVM when it
     * is gone. Returns whether a watch runs (false without the property).
     *
     * @throws IllegalStateException if the property is not a pid, or names a process that is not
     *                               this JVM's parent (then the watch would be meaningless)
     */
    public static boolean start() {
        String value = System.getProperty(PARENT_PID_PROPERTY);
        if (value == null || value.isBlank()) {
            return false;
        }
        long parent;
        try {
            parent = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("system property " + PARENT_PID_PROPERTY + " must be a pid, got '" + value + "'");
        }
        synchronized (LOCK) {
            if (started) {
                return true;
            }
            if (!isParent(parent)) {
                orphaned("parent pid " + parent + " was gone before the watch started (parent now "
                        + currentParent().map(Object::toString).orElse("none") + ")");
            }
            Thread.ofPlatform().daemon().name("vdsolab-parent-watch-pid").start(() -> pollParent(parent));
            Thread.ofPlatform().daemon().name("vdsolab-parent-watch-stdin").start(() -> awaitStdinEnd(parent));
            started = true;
            return true;
        }
    }

    /** True while {@code pid} is this JVM's parent. */
    static boolean isParent(long pid) {
        return currentParent().map(p -> p == pid).orElse(false);
    }

    private static Optional<Long> currentParent() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid);
    }

    private static void pollParent(long parent) {
        while (isParent(parent)) {
            LockSupport.parkNanos(POLL_MILLIS * 1_000_000L);
        }
        orphaned("parent pid " + parent + " is gone (parent now " + currentParent().map(Object::toString).orElse("none") + ")");
    }

    private static void awaitStdinEnd(long parent) {
        InputStream in = System.in;
        byte[] sink = new byte[256];
        try {
            while (in.read(sink) >= 0) {
                // the parent writes nothing; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of file: the parent's end is gone
        }
        orphaned("stdin, whose other end parent pid " + parent + " holds, reached end of file");
    }

    private static void orphaned(String why) {
        System.err.println("vdsolab child pid " + ProcessHandle.current().pid() + " halts: " + why);
        System.err.flush();
        Runtime.getRuntime().halt(ORPHAN_EXIT_CODE);
    }
}
