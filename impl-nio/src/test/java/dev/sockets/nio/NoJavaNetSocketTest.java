package dev.sockets.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The provider does its I/O through channels only: no class of dev.sockets.nio refers to java.net.Socket or
 * java.net.ServerSocket (not even through SocketChannel.socket()), nor to a thread-per-connection API.
 */
class NoJavaNetSocketTest {

    private static final List<String> FORBIDDEN = List.of(
            "java/net/Socket\u0001", "Ljava/net/Socket;", "java/net/ServerSocket", "Ljava/net/ServerSocket;");

    @Test
    void noClassRefersToJavaNetSocketOrServerSocket() throws Exception {
        Path classes = Path.of(NioSocketProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                checked++;
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String name : FORBIDDEN) {
                    String probe = name.endsWith("\u0001") ? name.substring(0, name.length() - 1) : name;
                    if (name.endsWith("\u0001") ? containsClassEntry(text, probe) : text.contains(probe)) {
                        offenders.add(f.getFileName() + " refers to " + probe);
                    }
                }
            }
        }
        assertTrue(checked > 5, "found the classes in " + classes);
        assertEquals(List.of(), offenders);
    }

    /** Whether the constant pool holds {@code name} as a whole UTF-8 entry (tag 1, length, bytes). */
    private static boolean containsClassEntry(String classFile, String name) {
        String entry = "\u0001" + (char) 0 + (char) name.length() + name;
        return classFile.contains(entry);
    }
}
