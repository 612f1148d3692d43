package dev.sockets.spi;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiPredicate;

/**
 * A few slots that hand back a value they hold when the value asked for is the same: what every connection of a
 * server is made with (its timeouts, its option table, its handler) is the same for all of them, so 10,000
 * connections share one record of it instead of holding 10,000 copies. Four slots, so that up to four servers
 * of different settings accepting at once in one JVM (a TCP and a UNIX-domain listener, say) each keep theirs; a
 * fifth replaces the oldest. Nothing is kept but those four, so a caller with ever-new values leaks nothing.
 *
 * @param <T> the values
 */
final class Flyweight<T> {

    private static final int SLOTS = 4;

    private final BiPredicate<T, T> same;
    private final AtomicReferenceArray<T> slots = new AtomicReferenceArray<>(SLOTS);
    /** Where the next value not held goes; a race between two callers only picks the slot less well. */
    private int next;

    /**
     * @param same whether two values may stand for each other: what they hold is the same objects (compared with
     *     {@code ==}, so that a handler whose {@code equals} says more never stands for another) and numbers
     */
    Flyweight(BiPredicate<T, T> same) {
        this.same = same;
    }

    /**
     * Returns a value held that is the same as {@code made}, or holds {@code made} and returns it.
     *
     * @param made a value just made
     * @return {@code made} or a value held, the same as it
     */
    T of(T made) {
        for (int i = 0; i < SLOTS; i++) {
            T held = slots.get(i);
            if (held != null && same.test(held, made)) {
                return held;
            }
        }
        int slot = next;
        next = (slot + 1) % SLOTS;
        slots.set(slot, made);
        return made;
    }
}
