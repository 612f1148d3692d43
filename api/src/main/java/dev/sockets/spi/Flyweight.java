package dev.sockets.spi;

import java.util.function.BiPredicate;

/**
 * One slot that hands back the value it holds while the value asked for is the same: what every connection of a
 * server is made with (its timeouts, its option table, its handler) is the same for all of them, so 10,000
 * connections share one record of it instead of holding 10,000 copies. A value that differs replaces the one
 * held; nothing is kept but the last, so a caller with ever-new values leaks nothing.
 *
 * @param <T> the values
 */
final class Flyweight<T> {

    private final BiPredicate<T, T> same;
    private volatile T last;

    /**
     * @param same whether two values may stand for each other: what they hold is the same objects (compared with
     *     {@code ==}, so that a handler whose {@code equals} says more never stands for another) and numbers
     */
    Flyweight(BiPredicate<T, T> same) {
        this.same = same;
    }

    /**
     * Returns the value held if it is the same as {@code made}, otherwise holds {@code made} and returns it.
     *
     * @param made a value just made
     * @return {@code made} or the value held, the same as it
     */
    T of(T made) {
        T held = last;
        if (held != null && same.test(held, made)) {
            return held;
        }
        last = made;
        return made;
    }
}
