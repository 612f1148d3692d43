package dev.sockets.conformance;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The check of §13.2 sees every live thread, virtual ones included, and only live ones, by their exact names. */
class LiveThreadsTest {

    @Test
    void aParkedVirtualThreadIsSeenUntilItEnds() throws Exception {
        Thread parked = Thread.ofVirtual().name("sockets-test-parked").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
        });
        try {
            assertFalse(Thread.getAllStackTraces().containsKey(parked), "getAllStackTraces() shows no virtual thread");
            assertEquals(Set.of("sockets-test-parked"), ResourceSnapshot.threads("sockets-test-"), "the parked virtual thread");
        } finally {
            parked.interrupt();
            parked.join();
        }
        assertEquals(Set.of(), ResourceSnapshot.threads("sockets-test-"), "an ended thread is not live");
    }

    @Test
    void virtualThreadsOfAnExecutorAndPlatformThreadsAreSeenToo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread platform = Thread.ofPlatform().name("sockets-test-platform").start(() -> waitFor(release));
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sockets-test-task-", 1).factory());
        try {
            executor.submit(() -> waitFor(release));
            executor.submit(() -> waitFor(release));
            await().atMost(ofSeconds(10)).until(() -> ResourceSnapshot.threads("sockets-test-"),
                    Set.of("sockets-test-platform", "sockets-test-task-1", "sockets-test-task-2")::equals);
        } finally {
            release.countDown();
            executor.close();
            platform.join();
        }
        assertEquals(Set.of(), ResourceSnapshot.threads("sockets-test-"));
    }

    /** This build exports the containers (the pom's argLine): names() walks them, and sees what the dump sees. */
    @Test
    void theThreadContainersAndTheDumpSeeTheSameThreads() throws Exception {
        assertTrue(Object.class.getModule().isExported("jdk.internal.vm", LiveThreads.class.getModule()),
                "the build's argLine exports jdk.internal.vm to the kit");
        CountDownLatch release = new CountDownLatch(1);
        Thread platform = Thread.ofPlatform().name("sockets-test-both-platform").start(() -> waitFor(release));
        Thread virtual = Thread.ofVirtual().name("sockets-test-both-virtual").start(() -> waitFor(release));
        try {
            Set<String> expected = Set.of("sockets-test-both-platform", "sockets-test-both-virtual");
            await().atMost(ofSeconds(10)).until(() -> named(LiveThreads.names(), "sockets-test-both-"), expected::equals);
            assertEquals(expected, named(LiveThreads.dumpedNames(), "sockets-test-both-"), "the thread dump's names");
        } finally {
            release.countDown();
            platform.join();
            virtual.join();
        }
        assertEquals(Set.of(), named(LiveThreads.names(), "sockets-test-both-"), "ended threads are not live");
    }

    private static Set<String> named(List<String> names, String prefix) {
        return names.stream().filter(name -> name.startsWith(prefix)).collect(Collectors.toSet());
    }

    @Test
    void theSharedThreadsOfAProviderAreNotCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread shared = Thread.ofVirtual().name("sockets-test-shared-loop-1").start(() -> waitFor(release));
        Thread other = Thread.ofVirtual().name("sockets-test-handler-1").start(() -> waitFor(release));
        try {
            assertEquals(Set.of("sockets-test-handler-1"), ResourceSnapshot.threads("sockets-test-"));
        } finally {
            release.countDown();
            shared.join();
            other.join();
        }
    }

    @Test
    void namesAreReadExactlyWhateverTheyHoldInTheDump() throws Exception {
        String odd = "sockets-test-\"quoted\" \\ / \t é ☃ {\"name\": \"not this\"} [";
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().name(odd).start(() -> waitFor(release));
        try {
            assertEquals(Set.of(odd), ResourceSnapshot.threads("sockets-test-"));
        } finally {
            release.countDown();
            t.join();
        }
    }

    @Test
    void onlyTheNamesOfThreadsAreTaken() {
        String dump = """
                {
                  "threadDump": {
                    "name": "not a thread",
                    "threadContainers": [
                      {
                        "container": "<root>", "parent": null, "owner": null,
                        "threads": [
                          {"tid": "1", "name": "main", "state": "RUNNABLE",
                           "stack": ["a.B.c(B.java:1)", "name", "\\"name\\": \\"frame\\""],
                           "parkBlocker": {"object": "x", "name": "not a thread either"}},
                          {"tid": "2", "virtual": true, "name": "sockets-x-\\u0041\\/\\"\\\\", "monitorsOwned": [{"depth": 1, "name": "no"}]},
                          {"tid": "3", "name": ""}
                        ],
                        "threadCount": "3"
                      },
                      {"container": "ForkJoinPool-1", "threads": [], "threadCount": "0"}
                    ]
                  }
                }
                """;
        assertEquals(List.of("main", "sockets-x-A/\"\\", ""), LiveThreads.namesIn(dump));
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
