package dev.sockets.conformance;

import dev.sockets.EventConnection;
import dev.sockets.EventHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link EventHandler} of the kit that records what happens to its connections (§16): the callbacks in
 * the order they came, the bytes, whether two ever ran at once or one came after {@code onClose}, and the
 * cause {@code onClose} got. What it does in each callback is its {@link Reactions}; by default the
 * interface's defaults.
 */
final class EventRecorder implements EventHandler {

    /** What the recorder does in each callback, after recording it. */
    interface Reactions {
        default void open(EventConnection c) throws Exception {
        }

        default void data(EventConnection c, ByteBuffer data) throws Exception {
        }

        default void peerShutdown(EventConnection c) throws Exception {
            c.close();
        }

        default void writable(EventConnection c) throws Exception {
        }

        default void idle(EventConnection c) throws Exception {
            c.close();
        }
    }

    private final Reactions reactions;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger afterClose = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private final AtomicReference<Optional<Throwable>> cause = new AtomicReference<>();
    private final AtomicReference<EventConnection> connection = new AtomicReference<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    EventRecorder(Reactions reactions) {
        this.reactions = reactions;
    }

    EventRecorder() {
        this(new Reactions() { });
    }

    @Override
    public void onOpen(EventConnection c) throws Exception {
        enter("open", c);
        try {
            reactions.open(c);
        } finally {
            exit();
        }
    }

    @Override
    public void onData(EventConnection c, ByteBuffer data) throws Exception {
        enter("data", c);
        try {
            if (!data.hasRemaining()) {
                violations.add("§16.1: onData with no byte");
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            synchronized (received) {
                received.writeBytes(bytes);
            }
            reactions.data(c, data);
        } finally {
            exit();
        }
    }

    @Override
    public void onPeerShutdown(EventConnection c) throws Exception {
        enter("peerShutdown", c);
        try {
            reactions.peerShutdown(c);
        } finally {
            exit();
        }
    }

    @Override
    public void onWritable(EventConnection c) throws Exception {
        enter("writable", c);
        try {
            reactions.writable(c);
        } finally {
            exit();
        }
    }

    @Override
    public void onIdle(EventConnection c) throws Exception {
        enter("idle", c);
        try {
            reactions.idle(c);
        } finally {
            exit();
        }
    }

    @Override
    public void onClose(EventConnection c, Optional<Throwable> why) {
        enter("close", c);
        try {
            closes.incrementAndGet();
            cause.set(why);
        } finally {
            exit();
        }
    }

    /** Records a task of {@code execute} running; call it first in the task, and {@link #exit()} last. */
    void task(EventConnection c) {
        enter("task", c);
    }

    void enter(String event, EventConnection c) {
        if (inside.getAndIncrement() != 0) {
            overlaps.incrementAndGet();
        }
        if (closes.get() > 0) {
            afterClose.incrementAndGet();
        }
        connection.compareAndSet(null, c);
        events.add(event);
    }

    void exit() {
        inside.decrementAndGet();
    }

    /** Records a break of a rule seen by a reaction. */
    void violation(String what) {
        violations.add(what);
    }

    /** Returns the callbacks so far, in order. */
    List<String> events() {
        return new ArrayList<>(events);
    }

    /** Returns the callbacks so far without the data ones, which come in any number. */
    List<String> eventsButData() {
        return events.stream().filter(e -> !e.equals("data")).toList();
    }

    /** Returns the callbacks so far without data and writable, which come as the socket's buffers decide. */
    List<String> eventsButDataAndWritable() {
        return events.stream().filter(e -> !e.equals("data") && !e.equals("writable")).toList();
    }

    /** Returns every byte onData got so far. */
    byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    int count(String event) {
        return (int) events.stream().filter(event::equals).count();
    }

    boolean closed() {
        return closes.get() > 0;
    }

    /** Returns the cause onClose got; only once {@link #closed()}. */
    Optional<Throwable> cause() {
        return cause.get();
    }

    EventConnection connection() {
        return connection.get();
    }

    /** Returns what broke §16.1 or §16.5 so far: overlapping callbacks, callbacks after onClose, a second onClose. */
    List<String> problems() {
        List<String> all = new ArrayList<>(violations);
        if (overlaps.get() > 0) {
            all.add("§16.1: " + overlaps.get() + " callbacks ran while another of the connection ran");
        }
        if (afterClose.get() > 0) {
            all.add("§16.5: " + afterClose.get() + " callbacks ran after onClose");
        }
        if (closes.get() > 1) {
            all.add("§16.5: onClose ran " + closes.get() + " times");
        }
        if (!events.isEmpty() && !events.get(0).equals("open")) {
            all.add("§16.1: the first callback was " + events.get(0) + ", not onOpen");
        }
        return all;
    }

    /** A server's handler that gives each connection a recorder of its own, in the order they open. */
    static final class Each implements EventHandler {
        private final Supplier<EventRecorder> recorders;
        private final ConcurrentHashMap<EventConnection, EventRecorder> byConnection = new ConcurrentHashMap<>();
        /** The recorders in the order their connections opened. */
        final BlockingQueue<EventRecorder> opened = new LinkedBlockingQueue<>();

        Each(Supplier<EventRecorder> recorders) {
            this.recorders = recorders;
        }

        private EventRecorder of(EventConnection c) {
            return byConnection.computeIfAbsent(c, x -> {
                EventRecorder r = recorders.get();
                opened.add(r);
                return r;
            });
        }

        @Override
        public void onOpen(EventConnection c) throws Exception {
            of(c).onOpen(c);
        }

        @Override
        public void onData(EventConnection c, ByteBuffer data) throws Exception {
            of(c).onData(c, data);
        }

        @Override
        public void onPeerShutdown(EventConnection c) throws Exception {
            of(c).onPeerShutdown(c);
        }

        @Override
        public void onWritable(EventConnection c) throws Exception {
            of(c).onWritable(c);
        }

        @Override
        public void onIdle(EventConnection c) throws Exception {
            of(c).onIdle(c);
        }

        @Override
        public void onClose(EventConnection c, Optional<Throwable> why) {
            of(c).onClose(c, why);
        }
    }
}
