package dev.hd.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Lets hd wait for a command it started for the user ({@code hd run}, {@code hd shell})
 * while the terminal's Ctrl-C goes to that command only: the JVM ignores SIGINT meanwhile,
 * as a shell does for its foreground job, and returns the command's own exit status. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported) by reflection, so nothing breaks where it
 * is missing: Ctrl-C then ends hd as it would anyway.
 */
final class Signals {
    private Signals() {
    }

    /** Ignores SIGINT until the returned handle is closed (which restores what was there). */
    static AutoCloseable ignoreInterrupts() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object sigint = signal.getConstructor(String.class).newInstance("INT");
            InvocationHandler ignore = (Object proxy, Method m, Object[] args) -> switch (m.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "hd: SIGINT ignored while a command runs";
                default -> null; // handle(Signal): nothing
            };
            Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerType}, ignore);
            Method handle = signal.getMethod("handle", signal, handlerType);
            Object previous = handle.invoke(null, sigint, handler);
            return () -> handle.invoke(null, sigint, previous);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return () -> { };
        }
    }
}
