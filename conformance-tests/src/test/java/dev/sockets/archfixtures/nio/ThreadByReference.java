package dev.sockets.archfixtures.nio;

import java.util.concurrent.ThreadFactory;

/** Breaks "nio starts threads only in its event loops", with no call to see: a constructor reference makes the threads. */
final class ThreadByReference {
    static final ThreadFactory THREADS = Thread::new;
}
