package dev.sockets.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The sharing of what a server's connections are made with: the same is shared, nothing else is */
class FlyweightTest {

    /** Two values whose {@code equals} says they are equal, though what they hold is not the same object. */
    private record Pair(Object held, long number) {
    }

    private final Flyweight<Pair> pairs = new Flyweight<>((a, b) -> a.held() == b.held() && a.number() == b.number());

    @Test
    void aValueHoldingTheSameObjectsIsShared() {
        Object handler = new Object();
        Pair first = pairs.of(new Pair(handler, 5));
        assertSame(first, pairs.of(new Pair(handler, 5)));
    }

    @Test
    void aValueThatIsOnlyEqualIsNotShared() {
        // Two handlers equal by equals() are still two handlers: a connection must get its own server's.
        Pair first = pairs.of(new Pair("handler", 5));
        Pair other = new Pair(new String("handler"), 5);
        assertEquals(first, other);
        assertSame(other, pairs.of(other), "an equal value holding another object is not shared");
    }

    @Test
    void fourServersAcceptingAtOnceEachKeepTheirs() {
        Object handler = new Object();
        Pair[] held = new Pair[4];
        for (int i = 0; i < 4; i++) {
            held[i] = pairs.of(new Pair(handler, i));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertSame(held[i], pairs.of(new Pair(handler, i)), "settings " + i + ", round " + round);
            }
        }
    }

    @Test
    void aFifthValueReplacesTheOldest() {
        Object handler = new Object();
        Pair oldest = pairs.of(new Pair(handler, 0));
        for (int i = 1; i <= 4; i++) {
            pairs.of(new Pair(handler, i));
        }
        assertNotSame(oldest, pairs.of(new Pair(handler, 0)), "only four values are held");
    }
}
