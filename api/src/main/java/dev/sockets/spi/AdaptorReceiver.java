package dev.sockets.spi;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A {@code recvfrom} with a timeout on a {@link DatagramChannel} in blocking mode, through its
 * {@code java.net.DatagramSocket} adaptor, whose {@code SO_TIMEOUT} is the one timed receive the JDK
 * offers on it (see {@link AdaptorReader}). A datagram longer than the buffer is truncated and the
 * next one kept whole (§11.5), into heap and direct buffers alike: a direct buffer is received
 * through a scratch array that holds the largest datagram. An ICMP port unreachable of a connected
 * socket comes through as {@link java.net.PortUnreachableException} (§11.6). Not thread-safe: the
 * endpoint's receive lock guards it.
 */
public final class AdaptorReceiver {

    private static final byte[] NO_BYTES = {};

    private final DatagramSocket adaptor;
    /** Points at no caller's array between receives. */
    private final DatagramPacket packet = new DatagramPacket(NO_BYTES, 0);
    private byte[] scratch;

    /**
     * Makes the timed receiver of {@code channel}, a bound channel in blocking mode.
     *
     * @param channel the channel to receive from, bound and in blocking mode
     */
    public AdaptorReceiver(DatagramChannel channel) {
        this.adaptor = channel.socket();
    }

    /**
     * Receives the next datagram into {@code dst}, waiting at most until {@code deadline}, and
     * returns its sender.
     *
     * @param dst the buffer to copy the datagram into, from its position up to its limit; what does
     *     not fit is discarded (§11.5)
     * @param deadline when to give up, on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE} for no limit
     * @return the sender's address
     * @throws java.net.SocketTimeoutException if the deadline passes first; the channel stays usable
     * @throws java.net.PortUnreachableException if the channel is connected and the kernel reported
     *     an ICMP port unreachable from its peer (§11.6)
     * @throws IOException if the system call fails, or the channel is closed or interrupted (§7.3, §7.5)
     */
    public SocketAddress receive(ByteBuffer dst, long deadline) throws IOException {
        adaptor.setSoTimeout(Timeouts.soTimeout(deadline));
        boolean direct = !dst.hasArray();
        if (direct) {
            if (scratch == null) {
                scratch = new byte[AbstractDatagramEndpoint.MAX_DATAGRAM];
            }
            packet.setData(scratch, 0, Math.min(dst.remaining(), scratch.length));
        } else {
            packet.setData(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        }
        try {
            adaptor.receive(packet);
            if (direct) {
                dst.put(scratch, 0, packet.getLength());
            } else {
                dst.position(dst.position() + packet.getLength());
            }
            return packet.getSocketAddress();
        } finally {
            packet.setData(NO_BYTES);
        }
    }
}
