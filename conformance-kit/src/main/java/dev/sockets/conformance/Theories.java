package dev.sockets.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Configuration;

/**
 * QuickTheories as the kit runs it: a seed that is printed before the property runs and in its
 * failure ("Seed was 1234"), a small number of examples, and a bounded number of shrink cycles,
 * because every example opens real connections.
 *
 * <h2>Replaying a failure</h2>
 * QuickTheories reads the system property {@value Configuration#SEED}, and surefire passes
 * {@code -D} properties of the Maven command line to the tests. Pass the printed seed back to run the
 * same examples again; every property of the run then uses it, the failing one included:
 * {@snippet lang=sh :
 * ./mvnw -B -o verify -pl api,conformance-kit,impl-blocking,conformance-tests -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='BlockingConformanceTest*' -DQT_SEED=1234
 * }
 * (one area alone: add {@code -Dgroups=Integrity}, the area's tag, see {@link ConformanceKit}).
 * {@value Configuration#EXAMPLES} raises the number of examples of every property (for a long
 * soak); the kit's own counts are kept small so that the whole kit runs in minutes.
 */
public final class Theories {

    private Theories() {
    }

    /**
     * Returns a QuickTheory with a fixed seed (the system property {@value Configuration#SEED}, or a new
     * one), {@code examples} examples (unless {@value Configuration#EXAMPLES} says otherwise) and at most
     * {@code shrinkCycles} shrink cycles. Prints the seed, so that a run cut short by a timeout can be
     * replayed too.
     *
     * @param property what the seed line names, as "§8.1 in AF_INET"
     * @param examples how many examples to try
     * @param shrinkCycles the most shrink cycles after a failure
     * @return the theory, to call {@code forAll} on
     */
    public static QuickTheory qt(String property, int examples, int shrinkCycles) {
        long seed = Long.getLong(Configuration.SEED, System.nanoTime());
        int count = Integer.getInteger(Configuration.EXAMPLES, examples);
        System.out.println("[kit] " + property + ": " + count + " examples, seed " + seed
                + " (replay with -D" + Configuration.SEED + "=" + seed + ")");
        return QuickTheory.qt().withFixedSeed(seed).withExamples(count).withShrinkCycles(shrinkCycles);
    }

    /**
     * A check of one generated value that may throw.
     *
     * @param <T> the type of the value
     */
    @FunctionalInterface
    public interface Check<T> {
        /**
         * Checks {@code value}.
         *
         * @param value the generated value
         * @throws Exception if the check fails or cannot be made
         */
        void accept(T value) throws Exception;
    }

    /**
     * A check of two generated values that may throw.
     *
     * @param <A> the type of the first value
     * @param <B> the type of the second value
     */
    @FunctionalInterface
    public interface Check2<A, B> {
        /**
         * Checks {@code a} and {@code b}.
         *
         * @param a the first generated value
         * @param b the second generated value
         * @throws Exception if the check fails or cannot be made
         */
        void accept(A a, B b) throws Exception;
    }

    /**
     * Adapts {@code check} to QuickTheories' {@code checkAssert}, which takes no checked exception: an
     * {@link IOException} is rethrown as {@link UncheckedIOException}, another checked one as an
     * {@link IllegalStateException}.
     *
     * @param <T> the type of the value
     * @param check the check
     * @return the check as a consumer
     */
    public static <T> Consumer<T> unchecked(Check<T> check) {
        return value -> {
            try {
                check.accept(value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * Adapts {@code check} to QuickTheories' {@code checkAssert} of two values, as {@link #unchecked(Check)}.
     *
     * @param <A> the type of the first value
     * @param <B> the type of the second value
     * @param check the check
     * @return the check as a consumer
     */
    public static <A, B> BiConsumer<A, B> unchecked(Check2<A, B> check) {
        return (a, b) -> {
            try {
                check.accept(a, b);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
