package dev.sockets.examples;

/** What the examples' {@code main} methods share: parse, print usage or errors, run. */
final class Examples {

    /** The body of an example, given its parsed command line. */
    interface Body {
        void run(CommandLine line) throws Exception;
    }

    private Examples() {
    }

    /** Parses {@code args}; prints the usage for {@code --help}, or the error and the usage (exit 2) for bad ones. */
    static void run(String[] args, int defaultPort, String program, String words, String what, Body body) throws Exception {
        CommandLine line;
        try {
            line = CommandLine.parse(args, defaultPort);
        } catch (IllegalArgumentException e) {
            System.err.println(program + ": " + e.getMessage());
            CommandLine.usage(System.err, program, words, what);
            System.exit(2);
            return;
        }
        if (line.help()) {
            CommandLine.usage(System.out, program, words, what);
            return;
        }
        body.run(line);
    }
}
