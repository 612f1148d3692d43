import java.nio.file.Files;
import java.nio.file.Path;
import java.util.spi.ToolProvider;
import java.util.zip.ZipFile;

/**
 * Adds a module's module-info.class to the jar that the jar plugin made without it (MJAR-289: the plugin would
 * read it with the jar tool of Maven's own JVM, which may be older than the class file). Run with the toolchain's
 * java: {@code java ModularJar.java JAR CLASSES TIMESTAMP}.
 *
 * <p>A jar that already holds a module-info.class no older than the compiled one is left as it is: rewriting it
 * would change its time, and every module that depends on it would be compiled again for nothing.
 */
public class ModularJar {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        String timestamp = args[2];
        Path descriptor = classes.resolve("module-info.class");
        boolean present;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            present = zip.getEntry("module-info.class") != null;
        }
        if (present && Files.getLastModifiedTime(descriptor).compareTo(Files.getLastModifiedTime(jar)) <= 0) {
            return;
        }
        ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow(() -> new IllegalStateException("no jar tool"));
        // --date: the entry's time is the build's outputTimestamp, as the jar plugin's entries: reproducible.
        int status = tool.run(System.out, System.err, "--update", "--date", timestamp, "--file", jar.toString(),
                "-C", classes.toString(), "module-info.class");
        if (status != 0) {
            System.exit(status);
        }
    }
}
