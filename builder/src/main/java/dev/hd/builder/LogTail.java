package dev.hd.builder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a build log: its last lines (without hd's failure marker) and what the script's
 * ERR trap said about the failing command. Reads only the last 64 KiB.
 */
record LogTail(List<String> lines, String failedStage, String failedCommand) {
    private static final int WINDOW = 64 * 1024;

    static LogTail read(Path log, int max) throws IOException {
        String text;
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = Math.max(0, size - WINDOW);
            ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // reading the window
            }
            text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            if (from > 0) {
                int nl = text.indexOf('\n');
                text = nl < 0 ? "" : text.substring(nl + 1); // drop the partial first line
            }
        }
        String stage = null;
        String command = null;
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(BuildEnvironment.FAILED_PREFIX)) {
                String rest = line.substring(BuildEnvironment.FAILED_PREFIX.length());
                int exit = rest.indexOf(" exit=");
                int cmd = rest.indexOf(" command=");
                if (rest.startsWith("stage=") && exit > 0 && cmd > exit) {
                    stage = rest.substring("stage=".length(), exit);
                    command = rest.substring(cmd + " command=".length());
                }
                continue;
            }
            lines.add(line);
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        List<String> tail = lines.size() <= max ? lines : lines.subList(lines.size() - max, lines.size());
        return new LogTail(List.copyOf(tail), stage, command);
    }
}
