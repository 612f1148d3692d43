package dev.sockets.posix;

import java.util.Locale;
import java.util.Optional;

/**
 * Where this provider's constants are right: Linux on x86-64 and aarch64. Both use the kernel's
 * generic numbering ({@code asm-generic/errno.h}, {@code asm-generic/socket.h}) and the LP64 layouts
 * of glibc and musl, so one set of numbers in {@link Libc} and {@link Errno} serves both. Elsewhere
 * (macOS, the BSDs, 32-bit or other Linux architectures) the numbers differ, so the provider declares
 * no capability and says why instead of calling the kernel with wrong ones.
 */
final class Platform {

    private static final String OS = System.getProperty("os.name", "");
    private static final String ARCH = System.getProperty("os.arch", "");

    /** Why this platform is not served, or empty where it is. */
    static final Optional<String> UNSUPPORTED = unsupported(OS, ARCH);

    private Platform() {
    }

    /** Returns whether the constants of this provider are those of the running platform. */
    static boolean supported() {
        return UNSUPPORTED.isEmpty();
    }

    static Optional<String> unsupported(String os, String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        boolean linux = os.toLowerCase(Locale.ROOT).startsWith("linux");
        boolean lp64 = a.equals("amd64") || a.equals("x86_64") || a.equals("aarch64") || a.equals("arm64");
        if (linux && lp64) {
            return Optional.empty();
        }
        return Optional.of("provider 'posix' knows the system call numbers and layouts of Linux on x86-64 and"
                + " aarch64 only, not of " + os + " on " + arch);
    }
}
