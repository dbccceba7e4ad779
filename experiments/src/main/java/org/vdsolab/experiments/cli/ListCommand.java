package org.vdsolab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.vdsolab.api.spi.Provider;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.workload.WorkloadProvider;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code list}: every provider on the class path, by kind, with what it can do. A provider whose
 * jar is removed from experiments/target/lib disappears from the list.
 */
final class ListCommand implements Command {

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String summary() {
        return "List the providers on the class path by kind (queues, devices, schedulers, loaders, workloads)"
                + " with their capabilities.";
    }

    @Override
    public String syntax() {
        return "";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public String helpFooter() {
        return "\nProviders are found with java.util.ServiceLoader: a provider's jar on the class path makes it"
                + " available, removing the jar removes it.\n";
    }

    @Override
    public int execute(CommandLine line, CliContext context) {
        if (!line.getArgList().isEmpty()) {
            throw new UsageException("list takes no arguments, got: " + String.join(" ", line.getArgList()));
        }
        PrintStream out = context.out();
        int status = ExitCodes.OK;
        for (Map.Entry<String, Class<? extends Provider>> kind : Providers.kinds().entrySet()) {
            out.println(kind.getKey() + ":");
            List<? extends Provider> providers;
            try {
                providers = Providers.all(kind.getValue());
            } catch (IllegalStateException e) {
                out.println("  (cannot be listed)");
                context.err().println("error: " + e.getMessage());
                status = ExitCodes.RUN_FAILURE;
                continue;
            }
            if (providers.isEmpty()) {
                out.println("  (none on the class path)");
            }
            for (Provider p : providers) {
                out.printf("  %-16s %s%n", p.name(), p.description());
                String capabilities = p.capabilitySummary();
                if (!capabilities.isEmpty()) {
                    out.printf("  %-16s capabilities: %s%n", "", capabilities);
                }
                if (p instanceof WorkloadProvider w && !w.parameters().isEmpty()) {
                    out.printf("  %-16s parameters: %s%n", "", String.join(", ", new TreeSet<>(w.parameters().keySet())));
                }
            }
        }
        out.flush();
        return status;
    }
}
