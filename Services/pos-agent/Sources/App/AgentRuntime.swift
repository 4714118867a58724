import Foundation
import Logging
import ServiceLifecycle

/// The whole agent wired together: shared state plus the services that run in one `ServiceGroup`.
public struct AgentRuntime: Sendable {
    public let config: AgentConfig
    public let state: AgentState
    public let ledger: DiscountLedger
    public let confirmations: ConfirmationQueue
    public let store: DiscountStateStore
    let backend: any BackendAPI
    let logger: Logger

    public init(config: AgentConfig, backend: any BackendAPI, logger: Logger) {
        self.config = config
        self.backend = backend
        self.logger = logger
        state = AgentState()
        ledger = DiscountLedger()
        confirmations = ConfirmationQueue()
        store = DiscountStateStore(
            file: AgentStateFile(url: config.stateFile),
            ledger: ledger,
            confirmations: confirmations,
            logger: logger
        )
    }

    /// Brings the discount memory back from the state file and sorts out what a previous run left in the exchange
    /// directory, by the start-up rules in `DiscountStateStore`'s documentation; then removes temporary files a crash
    /// left behind and saves the result. Runs once, before the services start.
    public func recoverAtStart(now: Date = Date()) {
        let file = DiscountFile(directory: config.exchangeDirectory)
        var resumed = false
        if let interrupted = store.restore(now: now) {
            resumed = recover(interrupted, file: file, now: now)
        }
        let leftovers = file.removeTemporaryLeftovers()
        if leftovers > 0 { logger.notice("removed temporary discount files left by a crash", metadata: ["count": "\(leftovers)"]) }
        store.file.removeTemporaryLeftovers()
        if !resumed { removeUnknownOrphan(file, now: now) }
        store.save(now: now)
    }

    /// Decides the discount a previous run left in progress; `true` when it is handed to the worker to wait for 1C.
    private func recover(_ interrupted: DiscountInProgress, file: DiscountFile, now: Date) -> Bool {
        let metadata: Logger.Metadata = ["discountId": "\(interrupted.id)", "points": "\(interrupted.amount)"]
        if let name = interrupted.temporaryFile, FileManager.default.fileExists(atPath: file.directory.appendingPathComponent(name).path) {
            file.discard(file.directory.appendingPathComponent(name))
            logger.warning("the previous run stopped before discount.txt was written; confirmed failed", metadata: metadata)
            store.decide(interrupted.id, .failed, now: now)
            return false
        }
        do {
            switch try file.removeIfOrphaned(maxAge: config.intervals.orphanAge, now: now) {
            case .none:
                logger.notice("discount.txt of the previous run is gone: 1C consumed it; confirmed applied", metadata: metadata)
                store.decide(interrupted.id, .applied, now: now)
                return false
            case .removed(let age):
                logger.warning(
                    "removed discount.txt of the previous run nobody consumed; confirmed failed",
                    metadata: metadata.merging(["ageSeconds": "\(Int(age))"]) { $1 }
                )
                store.decide(interrupted.id, .failed, now: now)
                return false
            case .kept:
                break
            }
        } catch {
            // The worker keeps trying to remove it once the consume timeout has passed.
            logger.error("cannot remove discount.txt of the previous run", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
        ledger.resume(PendingDiscount(id: interrupted.id, storeId: config.storeId, amount: interrupted.amount))
        return true
    }

    /// The rule for a `discount.txt` nobody recorded: old → removed, young → left for 1C, never confirmed.
    private func removeUnknownOrphan(_ file: DiscountFile, now: Date) {
        do {
            switch try file.removeIfOrphaned(maxAge: config.intervals.orphanAge, now: now) {
            case .none: break
            case .removed(let age): logger.warning("removed an orphaned discount.txt at start", metadata: ["ageSeconds": "\(Int(age))"])
            case .kept(let age):
                logger.notice("a recent discount.txt is waiting for 1C; left alone, not confirmed", metadata: ["ageSeconds": "\(Int(age))"])
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
            ConfirmationSender(
                backend: backend,
                confirmations: confirmations,
                store: store,
                state: state,
                intervals: intervals,
                logger: logger
            ),
            AmountWatcher(file: AmountFile(directory: config.exchangeDirectory), state: state, intervals: intervals, logger: logger),
            PrecheckSender(backend: backend, state: state, storeId: config.storeId, intervals: intervals, logger: logger),
            DiscountPoller(
                backend: backend,
                ledger: ledger,
                store: store,
                state: state,
                storeId: config.storeId,
                intervals: intervals,
                logger: logger
            ),
            DiscountWorker(
                file: DiscountFile(directory: config.exchangeDirectory),
                ledger: ledger,
                store: store,
                state: state,
                intervals: intervals,
                logger: logger
            ),
        ]
    }

    /// Restores the discount memory and sorts out leftovers, then runs every service until SIGTERM/SIGINT
    /// (graceful shutdown) or a failure.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        recoverAtStart()
        let group = ServiceGroup(
            services: services(onServerRunning: onServerRunning),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        try await group.run()
    }
}
