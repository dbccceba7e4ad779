package org.vdsolab.api.loader;

import java.util.Map;

/**
 * Code that runs inside a domain: a user program or a kernel service. The same task runs in the
 * kernel domain, an in-JVM user domain or a process domain ({@link Domain#start}); it binds the
 * libraries it uses through the domain it is given.
 *
 * <p>Implementations have a public no-argument constructor and are instantiated once per run (in
 * the domain's process for a process domain, so they must be on that JVM's class path: the child
 * inherits the parent's).
 */
@FunctionalInterface
public interface DomainTask {

    /**
     * Runs the task.
     *
     * @param self the domain as seen from inside it: {@link Domain#bind} maps libraries here
     * @param args the arguments given to {@link Domain#start}
     * @return named results (counters), handed back to the caller of {@link DomainRun#await}
     */
    Map<String, Long> run(Domain self, Map<String, String> args) throws Exception;
}
