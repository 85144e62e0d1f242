package dev.hd.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // locks are held, not used
class FileLocksTest {
    @TempDir
    Path tmp;

    @Test
    void anExclusiveLockMakesTheSecondThreadWaitAndSaySo() throws Exception {
        Path f = tmp.resolve("locks/x.lock");
        AtomicInteger waits = new AtomicInteger();
        AtomicBoolean secondHadIt = new AtomicBoolean();
        CountDownLatch secondWaiting = new CountDownLatch(1);
        Thread second;
        try (FileLocks.Held h = FileLocks.exclusive(f, () -> { throw new AssertionError("nobody holds it yet"); })) {
            second = new Thread(() -> {
                try (FileLocks.Held h2 = FileLocks.exclusive(f, () -> {
                    waits.incrementAndGet();
                    secondWaiting.countDown();
                })) {
                    secondHadIt.set(true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            second.start();
            assertTrue(secondWaiting.await(60, TimeUnit.SECONDS), "the second thread reports that it waits");
            assertFalse(secondHadIt.get(), "and does not get the lock while the first holds it");
        }
        second.join(60_000);
        assertTrue(secondHadIt.get());
        assertEquals(1, waits.get(), "onWait runs once");
    }

    @Test
    void sharedLocksCoexistAndKeepAnExclusiveOneOut() throws Exception {
        Path f = tmp.resolve("store.lock");
        FileLocks.Held s1 = FileLocks.shared(f);
        FileLocks.Held s2 = FileLocks.shared(f);
        AtomicBoolean exclusiveHeld = new AtomicBoolean();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread gc = new Thread(() -> {
            try (FileLocks.Held x = FileLocks.exclusive(f, waiting::countDown)) {
                exclusiveHeld.set(true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        gc.start();
        assertTrue(waiting.await(60, TimeUnit.SECONDS));
        s1.close();
        assertFalse(exclusiveHeld.get(), "one shared holder is left");
        s2.close();
        gc.join(60_000);
        assertTrue(exclusiveHeld.get());
        try (FileLocks.Held again = FileLocks.shared(f)) {
            assertTrue(again != null, "the file lock was released and can be taken again");
        }
    }
}
