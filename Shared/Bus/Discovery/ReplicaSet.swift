import Foundation
import Logging

/// The replicas of one service a caller reaches: one socket per address of its endpoints, kept
/// in step with DNS (names re-resolved every `refreshInterval`; new addresses connected,
/// vanished ones closed once their calls are over), and the choice of a replica per attempt.
final class ReplicaSet: Sendable {
    private struct State {
        var replicas: [Replica] = []
        /// Gone from DNS, closed when their last call ends.
        var retired: [Replica] = []
        var next = 0
        var closed = false
    }

    private let endpoints: [Endpoint]
    private let resolver: AddressResolver
    private let connect: @Sendable (String) throws -> Requester
    private let state = Locked(State())
    private let logger: Logger
    private let refresher = Locked<Task<Void, Never>?>(nil)

    /// Connects to every URL the endpoints give now. A fixed URL nanomsg refuses (a typo) throws,
    /// as a single endpoint always did; a name that does not resolve yet is asked again later.
    init(
        endpoints: [Endpoint],
        resolver: AddressResolver,
        refreshInterval: Duration,
        logger: Logger,
        connect: @escaping @Sendable (String) throws -> Requester
    ) throws {
        self.endpoints = endpoints
        self.resolver = resolver
        self.connect = connect
        self.logger = logger
        let replicas = try resolver.urls(endpoints).map { Replica(url: $0, requester: try connect($0)) }
        state.withLock { $0.replicas = replicas }
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

    /// The URLs of the replicas in use.
    var urls: [String] { state.withLock { $0.replicas.map(\.url) } }

    var count: Int { state.withLock { $0.replicas.count } }

    /// Resolves the endpoints again: connects new addresses, retires vanished ones, closes
    /// retired ones that have no call left.
    func refresh() {
        let current = resolver.urls(endpoints)
        let known = Set(urls)
        var added: [Replica] = []
        for url in current where !known.contains(url) {
            do {
                added.append(Replica(url: url, requester: try connect(url)))
            } catch {
                logger.warning("bus: cannot connect to \(url): \(error)")
            }
        }
        let wanted = Set(current)
        let idle = state.withLock { state -> [Replica] in
            guard !state.closed else { return added }
            let gone = state.replicas.filter { !wanted.contains($0.url) }
            state.replicas = state.replicas.filter { wanted.contains($0.url) } + added
            state.retired += gone
            let idle = state.retired.filter { $0.inFlight == 0 }
            state.retired.removeAll { $0.inFlight == 0 }
            return idle
        }
        if !added.isEmpty { logger.info("bus: new replicas \(added.map(\.url).joined(separator: ","))") }
        for replica in idle { replica.close() }
    }

    /// The replica for the next attempt. With one replica, that one (its socket waits for the
    /// connection). With several, only a connected one — round robin over those this call has not
    /// tried and that are not avoided, else over those not tried, else over any connected — or nil
    /// when none is connected now (the caller waits rather than queue the call on a replica that
    /// may never come back).
    func pick(excluding tried: Set<String>, now: ContinuousClock.Instant = .now) -> Replica? {
        state.withLock { state -> Replica? in
            let all = state.replicas
            if all.count <= 1 { return all.first }
            state.next &+= 1
            let connected = all.filter(\.isConnected)
            let fresh = connected.filter { !tried.contains($0.url) }
            let healthy = fresh.filter { $0.avoidedUntil.map { $0 <= now } ?? true }
            for pool in [healthy, fresh, connected] where !pool.isEmpty {
                return pool[state.next % pool.count]
            }
            return nil
        }
    }

    /// Whether a connected replica this call has not tried is left.
    func hasUntried(excluding tried: Set<String>) -> Bool {
        state.withLock { state in state.replicas.contains { !tried.contains($0.url) && $0.isConnected } }
    }

    func close() {
        refresher.withLock { $0?.cancel() }
        let all = state.withLock { state -> [Replica] in
            state.closed = true
            defer {
                state.replicas = []
                state.retired = []
            }
            return state.replicas + state.retired
        }
        for replica in all { replica.close() }
    }
}
