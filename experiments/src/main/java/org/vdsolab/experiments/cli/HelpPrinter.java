package org.vdsolab.experiments.cli;

import org.apache.commons.cli.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a command's {@code --help}: usage line, summary, one line per option (short and long
 * name, argument, description wrapped to {@value #WIDTH} columns), then the command's footer as
 * written. Options come from the command's Commons CLI {@code Options}. Stateless.
 */
final class HelpPrinter {

    static final int WIDTH = 100;
    private static final int NAME_COLUMN = 28;

    private HelpPrinter() { }

    static void print(Command command, PrintStream out) {
        out.println("usage: ./vdsolab " + command.name() + (command.syntax().isEmpty() ? "" : " " + command.syntax()));
        out.println();
        out.println(command.summary());
        out.println();
        out.println("options:");
        for (Option o : command.options().getOptions()) {
            String name = "  " + (o.getOpt() == null ? "    " : "-" + o.getOpt() + ", ") + "--" + o.getLongOpt()
                    + (o.hasArg() ? " <" + o.getArgName() + ">" : "");
            List<String> lines = wrap(o.getDescription(), WIDTH - NAME_COLUMN);
            if (name.length() >= NAME_COLUMN) {
                out.println(name);
                name = "";
            }
            for (String line : lines) {
                out.println(name + " ".repeat(NAME_COLUMN - name.length()) + line);
                name = "";
            }
        }
        out.print(command.helpFooter());
        out.flush();
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
