package org.vdsolab.experiments.runner.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MachineInfoTest {

    @TempDir
    Path root;

    private void write(String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    @Test
    void readsTheModelTheCoresSmtAndGovernor() throws IOException {
        // two sockets of one core with two hyperthreads each: 4 logical CPUs, 2 physical cores
        StringBuilder cpuinfo = new StringBuilder();
        int[][] cpus = {{0, 0}, {0, 0}, {1, 0}, {1, 0}};
        for (int i = 0; i < cpus.length; i++) {
            cpuinfo.append("processor\t: ").append(i).append("\nmodel name\t: Test CPU @ 2.00GHz\nphysical id\t: ")
                    .append(cpus[i][0]).append("\ncore id\t\t: ").append(cpus[i][1]).append("\n\n");
        }
        write("proc/cpuinfo", cpuinfo.toString());
        write("sys/devices/system/cpu/smt/active", "1\n");
        write("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
        MachineInfo m = MachineInfo.capture(root, "6.1.0", List.of("-Xmx1g"));
        assertEquals(new MachineInfo("Test CPU @ 2.00GHz", 2, "on", "performance", "6.1.0", List.of("-Xmx1g")), m);
    }

    @Test
    void whatCannotBeReadIsUnknown() {
        assertEquals(new MachineInfo("unknown", 0, "unknown", "unknown", "5.0", List.of()),
                MachineInfo.capture(root, "5.0", List.of()));
    }
}
