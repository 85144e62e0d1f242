package dev.hd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/** A writer that puts a prefix in front of every line it passes on: nests one command's output in another's. */
final class IndentingWriter extends Writer {
    private final PrintWriter out;
    private final String prefix;
    private boolean atLineStart = true;

    private IndentingWriter(PrintWriter out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    /** A print writer over {@code out} that indents each line by {@code prefix}. */
    static PrintWriter of(PrintWriter out, String prefix) {
        return new PrintWriter(new IndentingWriter(out, prefix), true);
    }

    @Override
    public void write(char[] buf, int off, int len) {
        synchronized (out) {
            for (int i = off; i < off + len; i++) {
                if (atLineStart && buf[i] != '\n') {
                    out.write(prefix);
                }
                out.write(buf[i]);
                atLineStart = buf[i] == '\n';
            }
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
