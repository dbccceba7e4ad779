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
}
