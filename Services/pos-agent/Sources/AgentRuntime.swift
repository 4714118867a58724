import Foundation
import Logging
import ServiceLifecycle

/// The whole agent wired together: shared state plus the services that run in one `ServiceGroup`.
public struct AgentRuntime: Sendable {
    public let config: AgentConfig
    public let state: AgentState
    public let ledger: DiscountLedger
    public let confirmations: ConfirmationQueue
    let backend: any BackendAPI
    let logger: Logger

    public init(config: AgentConfig, backend: any BackendAPI, logger: Logger) {
        self.config = config
        self.backend = backend
        self.logger = logger
        state = AgentState()
        ledger = DiscountLedger()
        confirmations = ConfirmationQueue()
    }

    /// The start-up rule: a `discount.txt` older than `orphanAge` is from a previous run and removed; a younger one
    /// is left for 1C and treated as unknown (the worker waits for it to go, nothing is confirmed for it).
    public func removeOrphanedDiscount(now: Date = Date()) {
        let file = DiscountFile(directory: config.exchangeDirectory)
        let leftovers = file.removeTemporaryLeftovers()
        if leftovers > 0 { logger.notice("removed temporary discount files left by a crash", metadata: ["count": "\(leftovers)"]) }
        do {
            switch try file.removeIfOrphaned(maxAge: config.intervals.orphanAge, now: now) {
            case .none: break
            case .removed(let age): logger.warning("removed an orphaned discount.txt at start", metadata: ["ageSeconds": "\(Int(age))"])
            case .kept(let age): logger.notice("a recent discount.txt is waiting for 1C; left alone, not confirmed", metadata: ["ageSeconds": "\(Int(age))"])
            }
        } catch {
            logger.error("cannot remove the orphaned discount.txt", metadata: ["error": "\(error)"])
        }
    }

    /// The services in start order. Graceful shutdown stops them in reverse: the worker first (it finishes the
    /// discount in progress), then the pollers, then the confirmation sender (one last delivery), the HTTP server last.
    public func services(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        let intervals = config.intervals
        let http = AgentHTTPServer(config: config, state: state, ledger: ledger, confirmations: confirmations, logger: logger)
        return [
            http.application(onServerRunning: onServerRunning),
            ConfirmationSender(backend: backend, confirmations: confirmations, state: state, intervals: intervals, logger: logger),
            AmountWatcher(file: AmountFile(directory: config.exchangeDirectory), state: state, intervals: intervals, logger: logger),
            PrecheckSender(backend: backend, state: state, storeId: config.storeId, intervals: intervals, logger: logger),
            DiscountPoller(backend: backend, ledger: ledger, confirmations: confirmations, state: state, storeId: config.storeId,
                           intervals: intervals, logger: logger),
            DiscountWorker(file: DiscountFile(directory: config.exchangeDirectory), ledger: ledger, confirmations: confirmations,
                           state: state, intervals: intervals, logger: logger),
        ]
    }

    /// Removes an orphan, then runs every service until SIGTERM/SIGINT (graceful shutdown) or a failure.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        removeOrphanedDiscount()
        let group = ServiceGroup(services: services(onServerRunning: onServerRunning), gracefulShutdownSignals: [.sigterm, .sigint],
                                 logger: logger)
        try await group.run()
    }
}
