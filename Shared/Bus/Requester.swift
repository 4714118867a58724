internal import CNanomsg
import Foundation
import Logging

/// Sends requests over one raw REQ socket with many calls in flight; never blocks the caller's thread.
///
/// A cooked REQ socket has one request in flight, so this uses a raw one and does nanomsg's
/// REQ job itself: a request id per call in the SP header, a map id → waiting caller filled
/// by one receiver thread, and its own deadlines. There are no resends: a call that gets no
/// reply in time fails with `.deadlineExceeded`, and mutating methods are made safe to repeat
/// by the envelope's idempotency key one layer up.
public final class Requester: Sendable {
    private struct Pending: Sendable {
        let continuation: CheckedContinuation<[UInt8], any Error>
        /// Tells this call's deadline apart from a stale one of an earlier call with the same id.
        let deadline: ContinuousClock.Instant
        /// The socket's count of ended connections when the request went out (nil: not sent yet).
        var endedBeforeSend: UInt64?
    }

    private struct State: Sendable {
        var pending: [UInt32: Pending] = [:]
        var lastId = UInt32.random(in: 0...0x7FFF_FFFF)
        var closed = false

        /// Request ids carry the top bit: raw REP peers read the header up to the first such word.
        mutating func nextId() -> UInt32 {
            repeat {
                lastId = (lastId &+ 1) & 0x7FFF_FFFF
            } while pending[lastId | 0x8000_0000] != nil
            return lastId | 0x8000_0000
        }
    }

    private let socket: NanoSocket
    private let state = Locked(State())
    private let deadlines: Deadlines
    private let maxMessageSize: Int
    private let logger: Logger

    public init(urls: [String], maxMessageSize: Int = 4 << 20, logger: Logger) throws {
        var logger = logger
        logger[metadataKey: "bus.urls"] = "\(urls.joined(separator: ","))"
        self.logger = logger
        self.maxMessageSize = maxMessageSize
        let socket = try NanoSocket(domain: cnn_af_sp_raw, protocol: cnn_req)
        do {
            try socket.applyDefaults()
            try socket.setReceiveLimit(maxBodySize: maxMessageSize)
            try socket.setKernelBuffers(bytes: max(NanoSocket.kernelBufferBytes, maxMessageSize))
            for url in urls { try socket.connect(url) }
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
        // The threads hold only what they need, not `self`, so a forgotten close() still ends them in deinit.
        let state = state
        deadlines = Deadlines(name: "bus-requester-deadlines") { id, deadline in
            // A call that never went out found no responder in all that time: it was not carried out.
            let unsent = state.withLock { $0.pending[id].map { $0.deadline == deadline && $0.endedBeforeSend == nil } ?? false }
            Self.finish(state, id: id, with: .failure(unsent ? BusError.unreachable : BusError.deadlineExceeded)) { $0.deadline == deadline }
        }
        let thread = Thread { [logger] in Self.receiveReplies(socket: socket, state: state, logger: logger) }
        thread.name = "bus-requester"
        thread.start()
        // With one endpoint every call in flight was on the connection that ended; with several,
        // nanomsg does not tell which calls were on it, and they keep their deadline.
        if urls.count == 1 {
            let watcher = Thread { Self.watchConnections(socket: socket, state: state) }
            watcher.name = "bus-requester-links"
            watcher.start()
        }
    }

    deinit {
        close()
    }

    /// Sends `body` to one of the connected responders and waits for its reply, at most `timeout`.
    ///
    /// Throws `.messageTooLarge` before sending anything when `body` is over the limit,
    /// `.deadlineExceeded`, `.closed`, or `CancellationError` when the calling task is cancelled.
    public func request(_ body: [UInt8], timeout: Duration) async throws -> [UInt8] {
        guard body.count <= maxMessageSize else {
            logger.error("refusing to send \(body.count) bytes: over the \(maxMessageSize)-byte limit")
            throw BusError.messageTooLarge(size: body.count, limit: maxMessageSize)
        }
        try Task.checkCancellation()
        let id = try state.withLock { state in
            guard !state.closed else { throw BusError.closed }
            return state.nextId()
        }
        let state = state
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                start(id: id, body: body, timeout: timeout, continuation: continuation)
            }
        } onCancel: {
            Self.finish(state, id: id, with: .failure(CancellationError()))
        }
    }

    /// Whether a connection to the peer is established now (a call would go out at once).
    public var isConnected: Bool { socket.currentConnections() > 0 }

    /// Fails every pending call with `.closed` and closes the socket once the receiver thread let go of it. Idempotent.
    public func close() {
        let pending = state.withLock { state -> [Pending] in
            guard !state.closed else { return [] }
            state.closed = true
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        for call in pending {
            call.continuation.resume(throwing: BusError.closed)
        }
        deadlines.stop()
        socket.close()
    }

    // MARK: - One call

    private func start(
        id: UInt32,
        body: [UInt8],
        timeout: Duration,
        continuation: CheckedContinuation<[UInt8], any Error>
    ) {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let registered = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.pending[id] = Pending(continuation: continuation, deadline: deadline)
            return true
        }
        guard registered else {
            continuation.resume(throwing: BusError.closed)
            return
        }
        let state = state
        // The cancellation handler may have run before the entry existed.
        if Task.isCancelled {
            Self.finish(state, id: id, with: .failure(CancellationError()))
            return
        }
        deadlines.schedule(id, at: deadline)

        let header = Self.header(for: id)
        do {
            if try Self.send(socket: socket, state: state, id: id, body: body, header: header) { return }
        } catch {
            Self.finish(state, id: id, with: .failure(error))
            return
        }
        // EAGAIN: no responder connected yet, or the only pipe is still busy with a big message.
        Task { [socket, logger] in
            await Self.retrySend(socket: socket, state: state, id: id, body: body, header: header, logger: logger)
        }
    }

    private static func retrySend(
        socket: NanoSocket,
        state: Locked<State>,
        id: UInt32,
        body: [UInt8],
        header: [UInt8],
        logger: Logger
    ) async {
        var delay = Duration.microseconds(200)
        while true {
            try? await Task.sleep(for: delay)
            // The deadline, a cancellation or close() removes the entry: that ends the retries.
            guard state.withLock({ $0.pending[id] != nil }) else { return }
            do {
                if try send(socket: socket, state: state, id: id, body: body, header: header) { return }
            } catch {
                finish(state, id: id, with: .failure(error))
                return
            }
            if delay == .milliseconds(10) {
                logger.debug("no responder ready yet; still retrying", metadata: ["bus.request_id": "\(id)"])
            }
            delay = min(delay * 2, .milliseconds(10))
        }
    }

    /// Sends one request and notes which connections had ended by then; false on EAGAIN.
    private static func send(socket: NanoSocket, state: Locked<State>, id: UInt32, body: [UInt8], header: [UInt8]) throws -> Bool {
        let ended = socket.endedConnections()
        guard try socket.send(body, header: header) else { return false }
        state.withLock { state in state.pending[id]?.endedBeforeSend = ended }
        return true
    }

    /// How often the watcher looks for ended connections.
    static let connectionWatchInterval = 0.02

    /// Fails the calls that went out on a connection that has since ended, at once: raw REQ never
    /// resends, so their replies cannot come, and waiting out the deadline helps nobody.
    private static func watchConnections(socket: NanoSocket, state: Locked<State>) {
        while !state.withLock({ $0.closed }) {
            Thread.sleep(forTimeInterval: connectionWatchInterval)
            let ended = socket.endedConnections()
            let lost = state.withLock { state -> [UInt32] in
                state.pending.compactMap { id, call in
                    guard let before = call.endedBeforeSend, before < ended else { return nil }
                    return id
                }
            }
            for id in lost { finish(state, id: id, with: .failure(BusError.connectionLost)) }
        }
    }

    /// Resumes the caller of `id` once, whoever comes first: reply, deadline, cancellation or send error.
    @discardableResult
    private static func finish(
        _ state: Locked<State>,
        id: UInt32,
        with result: Result<[UInt8], any Error>,
        if matches: (Pending) -> Bool = { _ in true }
    ) -> Bool {
        let call = state.withLock { state -> Pending? in
            guard let call = state.pending[id], matches(call) else { return nil }
            state.pending[id] = nil
            return call
        }
        guard let call else { return false }
        call.continuation.resume(with: result)
        return true
    }

    private static func header(for id: UInt32) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: id >> 24), UInt8(truncatingIfNeeded: id >> 16),
            UInt8(truncatingIfNeeded: id >> 8), UInt8(truncatingIfNeeded: id),
        ]
    }

    // MARK: - Receiver thread

    private static func receiveReplies(socket: NanoSocket, state: Locked<State>, logger: Logger) {
        while true {
            let received: NanoSocket.Received
            do {
                received = try socket.receive(header: true)
            } catch BusError.closed {
                return
            } catch {
                logger.error("receiving replies failed: \(error)")
                Thread.sleep(forTimeInterval: 0.01)  // never spin on a persistent error
                continue
            }
            guard case .message(let body, let header) = received else { continue }
            guard header.count == 4 else {
                logger.warning("dropping reply with a \(header.count)-byte SP header (expected 4)")
                continue
            }
            let id = header.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            if !finish(state, id: id, with: .success(body)) {
                logger.debug(
                    "dropping reply for unknown request id (late after its deadline?)",
                    metadata: ["bus.request_id": "\(id)"]
                )
            }
        }
    }
}
