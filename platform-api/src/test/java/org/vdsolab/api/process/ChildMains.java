package org.vdsolab.api.process;

import java.util.concurrent.TimeUnit;

/** Main classes the ChildJvm tests start as children. */
final class ChildMains {

    private ChildMains() { }

    /** Prints its arguments and the system property {@code vdsolab.test}, exits 0. */
    static final class Echo {
        public static void main(String[] args) {
            System.out.println("args=" + String.join(",", args));
            System.out.println("property=" + System.getProperty("vdsolab.test"));
        }
    }

    /** Writes to stderr and exits with code 3. */
    static final class Fail {
        public static void main(String[] args) {
            for (int i = 0; i < 50; i++) {
                System.err.println("noise line " + i);
            }
            System.err.println("the child failed on purpose");
            System.exit(3);
        }
    }

    /** Starts a grandchild ({@code sleep}), prints its pid, says so on stderr, then hangs. */
    static final class Hang {
        public static void main(String[] args) throws Exception {
            Process grandchild = new ProcessBuilder("sleep", "600").start();
            System.out.println("grandchild=" + grandchild.pid());
            System.out.flush();
            System.err.println("hanging child is stuck");
            System.err.flush();
            while (true) {
                TimeUnit.SECONDS.sleep(1);
            }
        }
    }

    /** Starts {@link ParentWatch}, prints "watching=true|false", then sleeps until it is killed or halted. */
    static final class Watched {
        public static void main(String[] args) throws Exception {
            boolean watching = ParentWatch.start();
            System.out.println("watching=" + watching);
            System.out.flush();
            while (true) {
                TimeUnit.SECONDS.sleep(1);
            }
        }
    }

    /**
     * Starts a {@link Watched} grandchild through {@link ChildJvm} (output to the files named by
     * its two arguments), prints "grandchild=PID" once the grandchild says it is watching, then
     * hangs until it is killed.
     */
    static final class WatchedParent {
        public static void main(String[] args) throws Exception {
            ChildJvm grandchild = ChildJvm.builder(Watched.class.getName())
                    .stdout(java.nio.file.Path.of(args[0])).stderr(java.nio.file.Path.of(args[1])).start();
            while (!grandchild.stdout().contains("watching=")) {
                if (!grandchild.isAlive()) {
                    System.err.println("grandchild died: " + grandchild.stderrTail(ChildJvm.TAIL_LINES));
                    System.exit(4);
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
            System.out.println("grandchild=" + grandchild.pid() + " " + grandchild.stdout().strip());
            System.out.flush();
            while (true) {
                TimeUnit.SECONDS.sleep(1);
            }
        }
    }
}
