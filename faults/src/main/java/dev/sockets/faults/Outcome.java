package dev.sockets.faults;

/**
 * What one probe found on one provider: the figure it measured, and whether that meets the probe's criterion;
 * or why it was not run.
 *
 * @param probe the probe's name
 * @param provider the provider's name
 * @param figure what was measured, in words and numbers
 * @param verdict PASS, FAIL, SKIPPED (with the reason in {@code figure}), or N/A (the feature does not exist)
 */
record Outcome(String probe, String provider, String figure, Verdict verdict) {

    /** How a probe ended. */
    enum Verdict {
        /** The figure meets the criterion. */
        PASS,
        /** It does not. */
        FAIL,
        /** The probe could not run here; the figure says why. */
        SKIPPED,
        /** What the probe tries does not exist in this build; the figure says what. */
        NOT_AVAILABLE;

        @Override
        public String toString() {
            return this == NOT_AVAILABLE ? "not available" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Outcome of(String probe, String provider, boolean pass, String figure) {
        return new Outcome(probe, provider, figure, pass ? Verdict.PASS : Verdict.FAIL);
    }
}
