package org.vdsolab.experiments.report;

import org.vdsolab.experiments.runner.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The link at the top of a page to the page above it: a part's page to its experiment's, a
 * published experiment's page to {@code results/index.html}. Added to a page already written
 * (a page does not know where it will be published), right after {@code <body>}, once: a page
 * that has one gets it replaced. Stateless.
 */
public final class UpLink {

    private static final String START = "<p class=\"up\">";
    private static final String END = "</p><!-- up -->\n";

    private UpLink() { }

    /**
     * Adds (or replaces) the up link of {@code page}; does nothing when the page does not exist.
     *
     * @param href  relative link, such as {@code ../index.html}
     * @param label what the page above is
     */
    public static void add(Path page, String href, String label) throws IOException {
        if (!Files.isRegularFile(page)) {
            return;
        }
        String html = Files.readString(page, StandardCharsets.UTF_8);
        int old = html.indexOf(START);
        if (old >= 0) {
            int end = html.indexOf(END, old);
            if (end >= 0) {
                html = html.substring(0, old) + html.substring(end + END.length());
            }
        }
        int body = html.indexOf("<body>");
        if (body < 0) {
            return;
        }
        int at = html.indexOf('\n', body) + 1;
        String link = START + "<a href=\"" + HtmlReport.esc(href) + "\">&uarr; " + HtmlReport.esc(label) + "</a>" + END;
        AtomicFiles.writeString(page, html.substring(0, at) + link + html.substring(at));
    }
}
