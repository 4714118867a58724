import CNanomsg
import Logging

/// Publishes events; the nanomsg message is "<topic>\0<payload>".
///
/// PUB/SUB is lossy (absent or slow subscribers miss messages while `publish` still succeeds):
/// events that must arrive go through the outbox, this is only the fast path.
public final class Publisher: Sendable {
    private let socket: NanoSocket
    private let logger: Logger

    public init(url: String, logger: Logger) throws {
        var logger = logger
        logger[metadataKey: "bus.url"] = "\(url)"
        self.logger = logger
        let socket = try NanoSocket(domain: cnn_af_sp, protocol: cnn_pub)
        do {
            try socket.setOption(cnn_tcp_nodelay, level: cnn_tcp, 1)
            try socket.setKernelBuffers(bytes: NanoSocket.kernelBufferBytes)
            try socket.bind(url)
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
    }

    deinit {
        close()
    }

    /// Hands the event to every connected subscriber; never blocks. A topic may not contain NUL,
    /// which separates it from the payload on the wire.
    public func publish(topic: String, payload: [UInt8]) throws {
        let topicBytes = Array(topic.utf8)
        guard !topicBytes.contains(0) else {
            throw BusError.socket(operation: "publish", errno: cnn_einval, message: "topic contains a NUL byte")
        }
        var message = topicBytes
        message.reserveCapacity(topicBytes.count + 1 + payload.count)
        message.append(0)
        message.append(contentsOf: payload)
        // PUB never reports EAGAIN: it drops for peers that cannot take the message.
        _ = try socket.send(message, header: nil)
    }

    /// Closes the socket. Idempotent.
    public func close() {
        socket.close()
    }
}
