package org.vdsolab.api.vdso.loader;

import org.vdsolab.api.loader.DomainTask;

import java.lang.reflect.InvocationTargetException;

/** Instantiating {@link DomainTask}s, with errors that say what the class needs. Stateless. */
final class DomainTasks {

    private DomainTasks() { }

    static DomainTask instantiate(Class<? extends DomainTask> task, String domain) {
        try {
            return task.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("task " + task.getName() + " for domain '" + domain
                    + "' needs a public no-argument constructor and must be a public, non-abstract class", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("task " + task.getName() + " for domain '" + domain + "' failed in its constructor: "
                    + e.getCause(), e.getCause());
        }
    }

    /** Loads and instantiates a task by name (in a process domain's JVM). */
    static DomainTask instantiate(String className, ClassLoader loader, String domain) {
        Class<?> c;
        try {
            c = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("task class " + className + " for domain '" + domain
                    + "' is not on this process's class path", e);
        }
        if (!DomainTask.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("task class " + className + " for domain '" + domain + "' does not implement "
                    + DomainTask.class.getName());
        }
        return instantiate(c.asSubclass(DomainTask.class), domain);
    }
}
