package org.vdsolab.api.vdso.loader;

import org.vdsolab.api.process.ParentWatch;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.DomainTask;

import java.nio.file.Path;
import java.util.Map;

/**
 * The main class of a process domain's JVM: attaches the kernel's registry, records its pid,
 * becomes the domain (a {@link LocalDomain} of kind {@link DomainKind#USER_PROCESS}: libraries are
 * mapped into this process on first bind), runs the requested task, releases its mappings and
 * writes the task's result for the kernel. Exit code 0 on success, 1 (stack trace on stderr) if the
 * task or the set-up failed, 2 on a malformed command line.
 *
 * <p>Arguments: {@code <region directory> <domain slot> <request file>}.
 */
public final class ProcessDomainMain {

    private ProcessDomainMain() { }

    public static void main(String[] args) {
        ParentWatch.start(); // ends this JVM when the one that started it is gone
        if (args.length != 3) {
            System.err.println("usage: ProcessDomainMain <region directory> <domain slot> <request file>"
                    + " (started by the vDSO loader's kernel, not by hand)");
            System.exit(2);
        }
        try {
            run(Path.of(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
        } catch (Throwable t) {
            System.err.println("process domain (slot " + args[1] + ") failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(Path directory, int slot, Path requestFile) throws Exception {
        ProcessRequest request = ProcessRequest.read(requestFile);
        ClassLoader classPath = ProcessDomainMain.class.getClassLoader();
        try (RegistryArea registry = RegistryArea.attach(directory)) {
            registry.setPid(slot, ProcessHandle.current().pid());
            String name = registry.domainName(slot);
            Map<String, Long> result;
            try (LocalDomain self = new LocalDomain(name, DomainKind.USER_PROCESS, slot, registry, request.libraryPath(),
                    classPath, false)) {
                DomainTask task = DomainTasks.instantiate(request.task(), classPath, name);
                Thread.currentThread().setContextClassLoader(self.loader()); // as on an in-JVM domain's threads
                result = task.run(self, request.args());
            }
            // Written after the domain closed: when the kernel reads it, this process's mappings are released.
            ProcessRequest.writeResult(request.result(), result);
        }
    }
}
