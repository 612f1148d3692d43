package dev.sockets.spi;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A {@link System.Logger} that keeps each record as "LEVEL message", every level enabled. */
class RecordingLogger implements System.Logger {

    private final List<String> records = new CopyOnWriteArrayList<>();

    List<String> records() {
        return List.copyOf(records);
    }

    /** Returns the records above DEBUG: what a server's default logging configuration writes. */
    List<String> aboveDebug() {
        return records.stream().filter(r -> !r.startsWith("DEBUG") && !r.startsWith("TRACE")).toList();
    }

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        records.add(level + " " + msg);
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
        records.add(level + " " + msgSupplier.get());
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        records.add(level + " " + (params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
    }
}
