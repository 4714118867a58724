internal import CNanomsg
import Dispatch
import Foundation
import Logging

/// Answers requests on a raw REP socket; many requests are handled at once.
///
/// A cooked REP socket answers one request at a time. The raw socket hands out each request
/// with its SP routing header; the reply goes back with the same header, from whichever task
/// finished it, in any order.
///
/// nanomsg's raw REP silently drops a reply when the requester's connection is still busy
/// writing an earlier big message (see `NanoSocket.setKernelBuffers`): large results are
/// chunked into replies of a few hundred KiB at most, and the caller sees only its deadline.
public final class Responder: Sendable {
    private struct State: Sendable {
        var started = false
        var stopping = false
        /// stop() was called: requests received from now on are refused with `drainingReply`.
        var draining = false
        /// When the last handler finished during the drain (nil while handlers still run).
        var idleSince: ContinuousClock.Instant?
        /// When the last request arrived during the drain.
        var lastArrival: ContinuousClock.Instant?
        /// The receiver thread plus the handlers still running; the socket closes when it reaches 0.
        var active = 0
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
        var stopTask: Task<Void, Never>?
    }

    /// Requests up to this size start on the receiver thread (see receiveRequests()).
    static let inlineStartLimit = 64 << 10

    /// Time between the last reply and nn_close; see drainAndClose().
    static let closeGrace = Duration.milliseconds(100)
    /// During a drain, the socket closes once no request arrived for this long after the last
    /// handler finished…
    static let drainQuiet = Duration.milliseconds(150)
    /// …or, under steady traffic, this long after the last handler finished.
    static let drainRefusalWindow = Duration.milliseconds(1000)

    private let socket: NanoSocket
    private let state = Locked(State())
    /// Free handler slots; the receiver takes one before it receives, so at most maxConcurrent run.
    private let slots: DispatchSemaphore
    private let maxMessageSize: Int
    private let logger: Logger
    private let handler: @Sendable ([UInt8]) async -> [UInt8]
    private let drainingReply: [UInt8]

    /// - Parameter drainingReply: the answer to requests that arrive after `stop()` was called,
    ///   telling their callers that nothing was done and that they should try again elsewhere.
    public init(
        url: String,
        maxMessageSize: Int = 4 << 20,
        maxConcurrent: Int = 64,
        logger: Logger,
        drainingReply: [UInt8] = [],
        handler: @escaping @Sendable ([UInt8]) async -> [UInt8]
    ) throws {
        precondition(maxConcurrent > 0, "maxConcurrent must be positive")
        var logger = logger
        logger[metadataKey: "bus.url"] = "\(url)"
        self.logger = logger
        self.maxMessageSize = maxMessageSize
        self.handler = handler
        self.drainingReply = drainingReply
        slots = DispatchSemaphore(value: maxConcurrent)
        let socket = try NanoSocket(domain: cnn_af_sp_raw, protocol: cnn_rep)
        do {
            try socket.applyDefaults()
            try socket.setReceiveLimit(maxBodySize: maxMessageSize)
            try socket.setKernelBuffers(bytes: max(NanoSocket.kernelBufferBytes, maxMessageSize))
            try socket.bind(url)
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
    }

    /// Starts the receiver thread. Does nothing when already started or stopped.
    public func start() {
        let starts = state.withLock { state -> Bool in
            guard !state.started, !state.stopping else { return false }
            state.started = true
            state.active += 1
            return true
        }
        guard starts else { return }
        let thread = Thread { self.receiveRequests() }
        thread.name = "bus-responder"
        thread.start()
    }

    /// Drains and closes: requests received from now on are answered at once with the draining
    /// reply (nothing done; callers retry elsewhere or wait for a successor), the ones already
    /// being handled finish and are answered, and the socket closes once they are done and
    /// requests stopped arriving (`drainQuiet`) or `drainRefusalWindow` after the last handler.
    /// Without a draining reply it stops receiving at once. Idempotent: every caller returns once
    /// the socket is closed.
    public func stop() async {
        let task = state.withLock { state -> Task<Void, Never> in
            if let task = state.stopTask { return task }
            state.draining = true
            if drainingReply.isEmpty || !state.started { state.stopping = true }
            if state.active <= 1 { state.idleSince = .now }
            let task = Task { await self.drainAndClose() }
            state.stopTask = task
            return task
        }
        await task.value
    }

    /// Closes the socket at once, dropping what is in flight, as a crashed process would (tests).
    func closeImmediately() {
        state.withLock { $0.stopping = true }
        socket.close()
    }

    private func drainAndClose() async {
        await withCheckedContinuation { continuation in
            let drained = state.withLock { state -> Bool in
                guard state.active > 0 else { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if drained { continuation.resume() }
        }
        // nanomsg 1.1.5 has no linger, and a peer that sees the connection close tears its pipe
        // down together with a reply it has not handed to its receiver yet: give the last
        // replies time to be read before closing.
        try? await Task.sleep(for: Self.closeGrace)
        socket.close()
        logger.debug("responder stopped")
    }

    private func leave() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.active -= 1
            if state.draining, state.active <= 1, state.idleSince == nil { state.idleSince = .now }
            guard state.active == 0 else { return [] }
            defer { state.drainWaiters = [] }
            return state.drainWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    // MARK: - Receiver thread

    private func receiveRequests() {
        defer { leave() }
        while !state.withLock({ $0.stopping }) {
            if state.withLock({ $0.draining }) {
                receiveWhileDraining()
                continue
            }
            // Bounded wait so a stop() is noticed even when every slot is busy.
            guard slots.wait(timeout: .now() + .milliseconds(Int(NanoSocket.receiveTimeoutMilliseconds))) == .success
            else { continue }
            let received: NanoSocket.Received
            do {
                received = try socket.receive(header: true)
            } catch BusError.closed {
                slots.signal()
                return
            } catch {
                slots.signal()
                logger.error("receiving requests failed: \(error)")
                Thread.sleep(forTimeInterval: 0.01)  // never spin on a persistent error
                continue
            }
            guard case .message(let body, let header) = received else {
                slots.signal()
                continue
            }
            // Received before the drain began (it holds a slot): it is handled and answered.
            state.withLock { $0.active += 1 }
            let work: @Sendable () async -> Void = { [self] in
                defer {
                    slots.signal()
                    leave()
                }
                send(await handler(body), header: header)
            }
            // A small request starts on this thread and runs until it first waits (a handler that
            // does not wait is answered from here): handing it to the cooperative pool cost a
            // thread wake-up per call. A big one (an upload chunk) goes to the pool at once, so
            // that decoding it does not hold up the requests behind it.
            if body.count <= Self.inlineStartLimit { Task.immediate(operation: work) } else { Task(operation: work) }
        }
    }

    /// One receive of the drain: a request is refused with the draining reply; a quiet socket with
    /// no handler left ends the drain.
    private func receiveWhileDraining() {
        let received: NanoSocket.Received
        do {
            received = try socket.receive(header: true)
        } catch BusError.closed {
            state.withLock { $0.stopping = true }
            return
        } catch {
            logger.error("receiving requests failed: \(error)")
            Thread.sleep(forTimeInterval: 0.01)
            return
        }
        let now = ContinuousClock.now
        if case .message(_, let header) = received {
            send(drainingReply, header: header)
            state.withLock { $0.lastArrival = now }
        }
        state.withLock { state in
            guard let idleSince = state.idleSince else { return }
            let quiet = now - max(idleSince, state.lastArrival ?? idleSince)
            if quiet >= Self.drainQuiet || now - idleSince >= Self.drainRefusalWindow { state.stopping = true }
        }
    }

    private func send(_ reply: [UInt8], header: [UInt8]) {
        guard reply.count <= maxMessageSize else {
            // The requester's NN_RCVMAXSIZE would drop its whole connection, failing every call on it.
            logger.error("refusing to send a \(reply.count)-byte reply: over the \(maxMessageSize)-byte limit")
            return
        }
        do {
            if try !socket.send(reply, header: header) {
                logger.warning("reply dropped: the requester's connection is not writable")
            }
        } catch {
            logger.error("sending reply failed: \(error)")
        }
    }
}
