import Foundation
import Logging
import ServiceKit
import ServiceLifecycle

/// The long-running loop of one replica: waits for the database, then claims what is due and
/// dispatches each run the moment it is claimed, without waiting for it; sleeps until the next
/// tick is due (at most `maxSleep`, so edits, retries and expired leases are seen within that).
/// On graceful shutdown it stops claiming and waits for the runs in flight to be recorded.
struct SchedulerTicker: Service {
    let engine: SchedulerEngine
    let database: ServiceDatabase
    let logger: Logger

    func run() async throws {
        try await database.waitUntilReady()
        logger.info("scheduler ticker started (wakes at least every \(Int(engine.settings.maxSleep * 1000)) ms)")
        let inFlight = InFlightRuns()
        let engine = engine
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = engine.clock.now()
            var wake = now.addingTimeInterval(engine.settings.maxSleep)
            do {
                let pass = try await engine.claimDue(now: now) { run in inFlight.start { await engine.execute(run) } }
                if let due = pass.nextDue { wake = min(wake, due) }
            } catch {
                logger.error("scheduler pass failed (retrying within \(Int(engine.settings.maxSleep * 1000)) ms): \(error)")
            }
            let delay = wake.timeIntervalSince(engine.clock.now())
            if delay > 0 { try? await Task.sleep(for: .microseconds(Int64(delay * 1_000_000) + 500)) }
        }
        await inFlight.drain()
        engine.close()
        logger.info("scheduler ticker stopped")
    }
}
