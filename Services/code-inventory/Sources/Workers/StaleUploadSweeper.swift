import Foundation
import Logging
import ServiceKit
import ServiceLifecycle

/// Aborts uploads whose caller went away (a client that disconnected mid-body, a gateway that
/// died between chunks): an unfinished upload that took no chunk for `staleAfter`
/// (`CODE_UPLOAD_STALE_SECONDS`) loses its staged codes, so no half-open upload stays behind.
///
/// Every replica runs one; uploads under way in another transaction are skipped, not waited for.
struct StaleUploadSweeper: Service {
    let store: CodeImportStore
    let database: ServiceDatabase
    let clock: any WallClock
    let staleAfter: TimeInterval
    let logger: Logger

    /// Sweeps four times per staleness period (at most once a minute, at least every 50 ms), so an
    /// upload is aborted at most a quarter period (or a minute) after it became stale.
    var interval: Duration {
        .milliseconds(Int64(min(60, max(0.05, staleAfter / 4)) * 1000))
    }

    func run() async throws {
        // The wait between sweeps must end at graceful shutdown.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if database.isReady {
                    do {
                        try await sweepOnce()
                    } catch  where !Task.isCancelled {
                        logger.warning("[stale-uploads] \(error)")
                    }
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Aborts every upload stale now; returns how many.
    @discardableResult
    func sweepOnce() async throws -> Int {
        let now = clock.now()
        var total = 0
        while !Task.isCancelled {
            let aborted = try await store.abortStale(before: now.addingTimeInterval(-staleAfter), now: now)
            for id in aborted {
                logger.warning(
                    "[stale-uploads] aborted upload \(id.lowercasedString): no chunk for \(Int(staleAfter)) s; its staged codes were discarded"
                )
            }
            total += aborted.count
            if aborted.count < 100 { break }
        }
        return total
    }
}
