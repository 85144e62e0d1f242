package dev.hd.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** What hd needs to know about the terminal it draws on. */
final class Terminal {
    static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    /**
     * The terminal's width: {@code $COLUMNS} when the shell exported it, else what
     * {@code stty size} says about {@code /dev/tty}, else 80. Only asked when a live view is
     * about to be drawn.
     */
    static int columns(CliContext ctx) {
        Integer env = parse(ctx.env("COLUMNS"));
        if (env != null) {
            return env;
        }
        if (ctx.tty() && new File("/dev/tty").exists()) {
            try {
                Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    String[] rowsCols = out.split("\\s+");
                    Integer cols = rowsCols.length == 2 ? parse(rowsCols[1]) : null;
                    if (cols != null) {
                        return cols;
                    }
                }
            } catch (java.io.IOException e) {
                // no stty: the default width
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return DEFAULT_COLUMNS;
    }

    private static Integer parse(String s) {
        if (s == null || !s.matches("[0-9]{1,4}")) {
            return null;
        }
        int n = Integer.parseInt(s);
        return n >= 20 ? n : null;
    }
}
