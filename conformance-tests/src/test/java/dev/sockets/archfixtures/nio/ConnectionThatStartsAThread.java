package dev.sockets.archfixtures.nio;

/** Breaks "nio starts threads only in its event loops": a thread per connection. */
final class ConnectionThatStartsAThread {
    void open() {
        new Thread(this::pump).start();
    }

    private void pump() {
    }
}
