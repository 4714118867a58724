import Foundation
import Synchronization

/// Hands each store's live events to the streams open for that store, in memory (the gateway keeps
/// no database): a stream sees what arrives while it is open, nothing from before.
public final class StoreEventFeed: Sendable {
    private struct Listener: Sendable {
        let storeId: Int32
        let continuation: AsyncStream<StoreEvent>.Continuation
    }

    /// Events waiting for a slow client beyond this are dropped for that client, not the others.
    static let bufferLimit = 1_000

    private let listeners = Mutex<[UUID: Listener]>([:])
    /// Set by `finishAll` (the gateway is shutting down): streams opened after it end at once.
    private let finished = Mutex(false)

    public init() {}

    /// A stream of the store's events until `unsubscribe(id)` (or the stream is dropped).
    public func subscribe(storeId: Int32) -> (id: UUID, events: AsyncStream<StoreEvent>) {
        let id = UUID()
        let (events, continuation) = AsyncStream.makeStream(of: StoreEvent.self, bufferingPolicy: .bufferingNewest(Self.bufferLimit))
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        let open = finished.withLock { finished in
            if finished { return false }
            listeners.withLock { $0[id] = Listener(storeId: storeId, continuation: continuation) }
            return true
        }
        if !open { continuation.finish() }
        return (id, events)
    }

    /// Ends the stream `id`.
    public func unsubscribe(_ id: UUID) {
        remove(id)?.continuation.finish()
    }

    /// Ends every stream, now and from now on: a shutting-down gateway must not wait for clients
    /// that keep their stream open (a gone client is noticed only at the next heartbeat).
    public func finishAll() {
        let open = finished.withLock { finished in
            finished = true
            return listeners.withLock { listeners in
                defer { listeners.removeAll() }
                return Array(listeners.values)
            }
        }
        for listener in open { listener.continuation.finish() }
    }

    /// Gives `event` to every stream of its store.
    public func publish(_ event: StoreEvent) {
        let targets = listeners.withLock { $0.values.filter { $0.storeId == event.storeId } }
        for listener in targets { listener.continuation.yield(event) }
    }

    /// Open streams (all stores).
    public var count: Int { listeners.withLock { $0.count } }

    @discardableResult
    private func remove(_ id: UUID) -> Listener? {
        listeners.withLock { $0.removeValue(forKey: id) }
    }
}
