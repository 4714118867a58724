internal import CNanomsg
import Foundation
import Logging

/// Subscribes to topic prefixes.
///
/// Connects an NN_BUS socket to each publisher (see `Publisher` for why not SUB) and keeps the
/// messages whose bytes start with one of the prefixes, as NN_SUB_SUBSCRIBE would have.
public final class Subscriber: Sendable {
    /// Messages waiting for a slow consumer beyond this are dropped (and logged), like nanomsg would.
    /// Measured: a 100k-message burst overran a 10k buffer while the consumer task waited for a core.
    static let bufferLimit = 100_000

    /// Every received message of a subscribed topic, in order; finishes after `close()`. Meant for one consumer.
    public let messages: AsyncStream<BusMessage>
    private let continuation: AsyncStream<BusMessage>.Continuation
    private let socket: NanoSocket
    /// The URLs connected now, with nanomsg's endpoint ids (names are looked up again periodically).
    private let connected = Locked<[String: Int32]>([:])
    private let endpoints: [Endpoint]
    private let resolver: AddressResolver
    private let refresher = Locked<Task<Void, Never>?>(nil)

    /// `topicPrefixes` match the start of the topic; "" subscribes to everything, no prefix to nothing.
    /// `urls` are endpoint settings (comma lists allowed); a `tcp://name:port` connects to every
    /// address of the name, looked up again every `refreshInterval`, so every replica of the
    /// publisher is heard, including ones started later.
    public init(
        urls: [String],
        topicPrefixes: [String],
        maxMessageSize: Int = 4 << 20,
        refreshInterval: Duration = .seconds(5),
        resolver: AddressResolver = AddressResolver(),
        logger: Logger
    ) throws {
        let endpoints = Endpoint.list(urls)
        self.endpoints = endpoints
        self.resolver = resolver
        var ids: [String: Int32] = [:]
        var logger = logger
        logger[metadataKey: "bus.urls"] = "\(urls.joined(separator: ","))"
        let socket = try NanoSocket(domain: cnn_af_sp, protocol: cnn_bus)
        do {
            try socket.applyDefaults()
            try socket.setReceiveLimit(maxBodySize: maxMessageSize)
            try socket.setKernelBuffers(bytes: max(NanoSocket.kernelBufferBytes, maxMessageSize))
            for url in resolver.urls(endpoints) { ids[url] = try socket.connect(url) }
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
        connected.withLock { $0 = ids }
        (messages, continuation) = AsyncStream.makeStream(
            of: BusMessage.self,
            bufferingPolicy: .bufferingOldest(Self.bufferLimit)
        )
        // The thread holds only what it needs, not `self`, so a forgotten close() still ends it in deinit.
        let continuation = continuation
        let filter = TopicFilter(prefixes: topicPrefixes)
        let thread = Thread { [logger] in
            Self.receiveMessages(socket: socket, filter: filter, into: continuation, logger: logger)
        }
        thread.name = "bus-subscriber"
        thread.start()
        if endpoints.contains(where: { if case .name = $0 { true } else { false } }) {
            let task = Task.detached { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: refreshInterval)
                    guard let self else { return }
                    self.refresh()
                }
            }
            refresher.withLock { $0 = task }
        }
    }

    /// Looks the names up again: connects to new addresses, drops vanished ones.
    public func refresh() {
        let wanted = resolver.urls(endpoints)
        let current = connected.withLock { $0 }
        for url in wanted where current[url] == nil {
            if let id = try? socket.connect(url) { connected.withLock { $0[url] = id } }
        }
        let keep = Set(wanted)
        for (url, id) in current where !keep.contains(url) {
            socket.shutdown(endpoint: id)
            connected.withLock { $0[url] = nil }
        }
    }

    /// The URLs this subscriber is connected to now.
    public var urls: [String] { connected.withLock { Array($0.keys).sorted() } }

    deinit {
        close()
    }

    /// Ends `messages` and closes the socket once the receiver thread let go of it. Idempotent.
    public func close() {
        refresher.withLock { $0?.cancel() }
        continuation.finish()
        socket.close()
    }

    private static func receiveMessages(
        socket: NanoSocket,
        filter: TopicFilter,
        into continuation: AsyncStream<BusMessage>.Continuation,
        logger: Logger
    ) {
        defer { continuation.finish() }
        var dropped = 0
        while true {
            let received: NanoSocket.Received
            do {
                received = try socket.receive(header: false)
            } catch BusError.closed {
                return
            } catch {
                logger.error("receiving events failed: \(error)")
                Thread.sleep(forTimeInterval: 0.01)  // never spin on a persistent error
                continue
            }
            guard case .message(let bytes, _) = received, filter.matches(bytes) else { continue }
            guard let separator = bytes.firstIndex(of: 0) else {
                logger.warning("skipping a \(bytes.count)-byte message without a NUL after its topic")
                continue
            }
            let message = BusMessage(
                topic: String(decoding: bytes[..<separator], as: UTF8.self),
                payload: Array(bytes[(separator + 1)...])
            )
            if case .dropped = continuation.yield(message) {
                if dropped % 1000 == 0 {
                    logger.warning("consumer too slow: dropped \(dropped + 1) messages so far")
                }
                dropped += 1
            }
        }
    }
}
