package org.vdsolab.api.vdso.processor;

/**
 * Builds Java source text line by line with indentation: the processor's whole code-generation
 * toolkit. Not thread-safe; one per generated file.
 */
final class SourceWriter {

    private final StringBuilder out = new StringBuilder();
    private int indent;

    /** Appends one line at the current indentation (an empty string gives an empty line). */
    SourceWriter line(String text) {
        if (!text.isEmpty()) {
            out.append("    ".repeat(indent)).append(text);
        }
        out.append('\n');
        return this;
    }

    /** Appends a formatted line ({@link String#format} with the root locale). */
    SourceWriter line(String format, Object... args) {
        return line(String.format(java.util.Locale.ROOT, format, args));
    }

    /** Appends {@code text} and indents the following lines (use after a line ending in '{'). */
    SourceWriter open(String format, Object... args) {
        line(format, args);
        indent++;
        return this;
    }

    /** Un-indents and appends {@code text} (typically "}"). */
    SourceWriter close(String text) {
        indent--;
        return line(text);
    }

    SourceWriter close() {
        return close("}");
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** {@code s} as a Java string literal. */
    static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
