package org.vdsolab.api.vdso.loader;

import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.DomainRun;
import org.vdsolab.api.loader.DomainTask;
import org.vdsolab.api.loader.DomainTaskException;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.process.ChildJvmException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The kernel's handle of a user domain that is a separate JVM process (a {@link ChildJvm} running
 * {@link ProcessDomainMain} with this JVM's class path). Nothing runs and nothing is mapped until
 * {@link #start}; the process then maps libraries on its own first binds and records them in the
 * shared registry, which is how {@link #hasMapped} and the kernel's registry see them. When the
 * process is gone the handle releases whatever mappings it left (a crash) and records the exit.
 *
 * <p>Thread-safe.
 */
final class ProcessDomain implements Domain {

    /** The child's JVM flags: a serial collector keeps its thread count low on small machines. */
    private static final String[] JVM_FLAGS = {"-XX:+UseSerialGC", "-Xss1m"};

    private final String name;
    private final int slot;
    private final RegistryArea registry;
    private final List<Path> libraryPath;
    private final Path requestFile;
    private final Path resultFile;
    private ChildJvm child;   // guarded by this
    private ProcessRun run;   // guarded by this
    private boolean closed;   // guarded by this

    ProcessDomain(String name, int slot, RegistryArea registry, List<Path> libraryPath) {
        this.name = name;
        this.slot = slot;
        this.registry = registry;
        this.libraryPath = List.copyOf(libraryPath);
        this.requestFile = registry.directory().resolve(name + ".request");
        this.resultFile = registry.directory().resolve(name + ".result");
    }

    @Override public String name() { return name; }

    @Override public DomainKind kind() { return DomainKind.USER_PROCESS; }

    /** Always throws: a process domain's libraries are bound by the code running in its process. */
    @Override
    public <A> A bind(Class<A> api) {
        throw new UnsupportedOperationException("domain '" + name + "' is a separate process: code running in it binds "
                + api.getName() + " there; run that code with start(task, args)");
    }

    @Override
    public synchronized DomainRun start(Class<? extends DomainTask> task, Map<String, String> args) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            throw new IllegalStateException("domain '" + name + "' is closed");
        }
        if (child != null) {
            throw new IllegalStateException("process domain '" + name + "' already runs its program (" + run.task
                    + "); a process domain runs one task: create another domain for another program");
        }
        DomainTasks.instantiate(task, name); // fail here, not in the child, if it cannot be instantiated
        try {
            Files.deleteIfExists(resultFile);
        } catch (IOException e) {
            throw new IllegalStateException("process domain '" + name + "': cannot clear " + resultFile + ": " + e.getMessage(), e);
        }
        new ProcessRequest(task.getName(), resultFile, libraryPath, Map.copyOf(args)).write(requestFile);
        child = ChildJvm.builder(ProcessDomainMain.class.getName())
                .name("domain-" + name)
                .jvmFlags(JVM_FLAGS)
                .args(registry.directory().toString(), Integer.toString(slot), requestFile.toString())
                .start();
        run = new ProcessRun(task.getName(), child);
        return run;
    }

    @Override
    public boolean hasMapped(String library) {
        RegistryArea.Entry e = registry.findLibrary(library);
        return e != null && registry.everMapped(slot, e.slot());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (child != null) {
                child.close(); // kills the process tree if it still runs
            }
        } finally {
            // The process is gone: release what it left mapped (it releases itself on a normal exit).
            registry.releaseAll(slot);
            registry.domainExited(slot);
            try {
                Files.deleteIfExists(requestFile);
                Files.deleteIfExists(resultFile);
            } catch (IOException ignored) {
                // Files in the kernel's directory; the kernel removes the directory's regions itself.
            }
        }
    }

    @Override
    public String toString() {
        return "user_process domain '" + name + "'";
    }

    /** The domain's program: the child JVM's exit, then its result file. */
    private final class ProcessRun implements DomainRun {
        private final String task;
        private final ChildJvm jvm;
        private Map<String, Long> result; // guarded by this

        ProcessRun(String task, ChildJvm jvm) {
            this.task = task;
            this.jvm = jvm;
        }

        @Override public String domain() { return name; }

        @Override public boolean isDone() { return !jvm.isAlive(); }

        @Override
        public synchronized Map<String, Long> await(Duration timeout) {
            if (result != null) {
                return result;
            }
            int code;
            try {
                code = jvm.awaitExit(timeout);
            } catch (ChildJvmException e) {
                registry.releaseAll(slot);
                throw new DomainTaskException(name, "task " + task + " in process domain '" + name + "': " + e.getMessage(), e);
            }
            if (code != 0) {
                registry.releaseAll(slot);
                throw new DomainTaskException(name, "task " + task + " in process domain '" + name + "' (pid " + jvm.pid()
                        + ") exited with code " + code + ". Last stderr lines:\n" + jvm.stderrTail(ChildJvm.TAIL_LINES));
            }
            try {
                result = Map.copyOf(ProcessRequest.readResult(resultFile));
                return result;
            } catch (IOException | RuntimeException e) {
                throw new DomainTaskException(name, "task " + task + " in process domain '" + name + "' exited normally but its"
                        + " result " + resultFile + " cannot be read: " + e.getMessage(), e);
            }
        }
    }
}
