package dev.hd.builder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Locks on store files that hold across threads and processes. A file lock alone is not
 * enough: the JVM owns POSIX locks per process (a second lock of the same file from another
 * thread throws, and closing any channel of the file drops them all), so every lock file has
 * one in-process read-write lock in front of it, and only the thread that got that opens the
 * file and takes the {@link FileChannel#lock} for the process.
 */
public final class FileLocks {
    private static final ConcurrentHashMap<Path, Entry> ENTRIES = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    /** A lock held; closing releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private static final class Entry {
        final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        int sharedHolders;
        FileChannel channel;
        FileLock lock;
    }

    private static Entry entry(Path file) {
        return ENTRIES.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Entry());
    }

    /**
     * Takes the exclusive lock of {@code file} (created when absent), waiting as long as it
     * takes. {@code onWait} runs once, before waiting, when someone else holds it.
     */
    public static Held exclusive(Path file, Runnable onWait) throws IOException {
        Entry e = entry(file);
        boolean waited = false;
        if (!e.rw.writeLock().tryLock()) {
            onWait.run();
            waited = true;
            e.rw.writeLock().lock();
        }
        FileChannel ch = null;
        try {
            ch = open(file);
            FileLock fl = ch.tryLock();
            if (fl == null) {
                if (!waited) {
                    onWait.run();
                }
                fl = waitFor(ch, false);
            }
            FileChannel held = ch;
            FileLock heldLock = fl;
            return () -> {
                try {
                    heldLock.release();
                    held.close();
                } finally {
                    e.rw.writeLock().unlock();
                }
            };
        } catch (IOException | RuntimeException | Error ex) {
            if (ch != null) {
                ch.close();
            }
            e.rw.writeLock().unlock();
            throw ex;
        }
    }

    /**
     * Takes {@code file}'s lock shared: any number of shared holders in any processes, no
     * exclusive one. The first holder in this process takes the file lock for all others.
     */
    public static Held shared(Path file) throws IOException {
        Entry e = entry(file);
        e.rw.readLock().lock();
        try {
            synchronized (e) {
                if (e.sharedHolders == 0) {
                    FileChannel ch = open(file);
                    try {
                        FileLock fl = ch.tryLock(0L, Long.MAX_VALUE, true);
                        e.lock = fl != null ? fl : waitFor(ch, true);
                    } catch (IOException | RuntimeException ex) {
                        ch.close();
                        throw ex;
                    }
                    e.channel = ch;
                }
                e.sharedHolders++;
            }
        } catch (IOException | RuntimeException ex) {
            e.rw.readLock().unlock();
            throw ex;
        }
        return () -> {
            try {
                synchronized (e) {
                    if (--e.sharedHolders == 0) {
                        try {
                            e.lock.release();
                        } finally {
                            e.channel.close();
                            e.lock = null;
                            e.channel = null;
                        }
                    }
                }
            } finally {
                e.rw.readLock().unlock();
            }
        };
    }

    /**
     * Waits for the file lock. The kernel's deadlock check on POSIX locks counts a process, not
     * a thread, as the owner: when two hd processes each have one thread waiting for a lock the
     * other process holds (different threads, no real cycle), one of them gets EDEADLK
     * ("Resource deadlock avoided"). That waiter polls instead, which the check does not see.
     */
    private static FileLock waitFor(FileChannel ch, boolean shared) throws IOException {
        try {
            return ch.lock(0L, Long.MAX_VALUE, shared);
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("deadlock")) {
                throw e;
            }
        }
        long pause = 1;
        while (true) {
            FileLock fl = ch.tryLock(0L, Long.MAX_VALUE, shared);
            if (fl != null) {
                return fl;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new java.nio.channels.FileLockInterruptionException();
            }
            pause = Math.min(pause * 2, 50);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
