internal import CNanomsg
import Dispatch
import Foundation
import Logging

/// Publishes events; the nanomsg message is "<topic>\0<payload>".
///
/// The socket is a bound NN_BUS, not NN_PUB: nanomsg 1.1.5's PUB aborts the whole process when a
/// connected peer sends it anything (`nn_assert (0)` in xpub.c), and anyone who can reach the
/// port can connect as a SUB and send. BUS takes what peers send like any receiving socket, so a
/// thread drains and drops it, and NN_RCVMAXSIZE 0 makes nanomsg drop a peer that sends more than
/// an empty message. Subscribers never send. See docs/architecture/bus-hardening.md.
///
/// Delivery is as lossy as PUB/SUB was (absent or slow subscribers miss messages while `publish`
/// still succeeds): events that must arrive go through the outbox, this is only the fast path.
public final class Publisher: Sendable {
    private let socket: NanoSocket
    private let logger: Logger
    /// Left by the drain thread when it let go of the socket; see close().
    private let drained = DispatchGroup()

    public init(url: String, logger: Logger) throws {
        var logger = logger
        logger[metadataKey: "bus.url"] = "\(url)"
        self.logger = logger
        let socket = try NanoSocket(domain: cnn_af_sp, protocol: cnn_bus)
        do {
            try socket.applyDefaults()
            try socket.setOption(cnn_rcvmaxsize, 0)
            try socket.setKernelBuffers(bytes: NanoSocket.kernelBufferBytes)
            try socket.bind(url)
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
        // The thread holds only what it needs, not `self`, so a forgotten close() still ends it in deinit.
        drained.enter()
        let drained = drained
        let thread = Thread { [logger] in
            defer { drained.leave() }
            Self.dropInbound(socket: socket, logger: logger)
        }
        thread.name = "bus-publisher-drain"
        thread.start()
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
        // BUS, like PUB, never reports EAGAIN: it drops for peers that cannot take the message.
        _ = try socket.send(message, header: nil)
    }

    /// Closes the socket and returns once nanomsg has released the endpoint (at most one receive
    /// timeout, while the drain thread notices), so the url can be bound again. Idempotent.
    public func close() {
        socket.close()
        _ = drained.wait(timeout: .now() + .seconds(2))
    }

    /// Receives and drops what peers send, so nanomsg keeps reading every connection: a peer that
    /// sent an empty message and hung up is noticed and closed at once, not at the next publish.
    private static func dropInbound(socket: NanoSocket, logger: Logger) {
        var dropped = 0
        while true {
            do {
                guard case .message = try socket.receive(header: false) else { continue }
                if dropped % 1000 == 0 {
                    logger.warning("a peer sent the events socket a message (\(dropped + 1) so far): subscribers never send; dropped")
                }
                dropped += 1
            } catch BusError.closed {
                return
            } catch {
                logger.error("draining the events socket failed: \(error)")
                Thread.sleep(forTimeInterval: 0.01)  // never spin on a persistent error
            }
        }
    }
}
