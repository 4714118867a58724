import Contracts
import Foundation
import ServiceKit
import Store
import TestSupport
import XCTest

@testable import Scheduler

/// A run's lease is short and renewed while it runs: a run whose scheduler died releases its job
/// within a minute, and one whose outcome met a database outage is recorded when it comes back.
final class SchedulerLeaseTests: XCTestCase {
    let epoch = SchedulerHarness.epoch
    static let minuteJob = "expire-pending-discounts"

    func test_runWhoseSchedulerDied_isReleasedWithinAMinute_andTheNextTickRuns() async throws {
        try await withScheduler { harness in
            try await harness.only([Self.minuteJob])
            harness.clock.advance(by: 60)
            // This replica claims the tick and dies before it records anything.
            let claimed = try await harness.engine.claimDue(now: harness.clock.now()).claimed
            XCTAssertEqual(claimed.count, 1)
            try await harness.withReplica { other in
                // Half a minute later (the default 30 s lease) another replica releases the run…
                harness.clock.advance(by: 31)
                _ = try await other.engine.claimDue(now: harness.clock.now())
                var statuses = try await harness.statuses(Self.minuteJob)
                XCTAssertEqual(statuses, ["timed_out": 1])
                // …so the next minute's tick runs instead of being skipped.
                harness.clock.advance(by: 29)
                let next = try await other.engine.tick(now: harness.clock.now())
                XCTAssertEqual(next.map(\.status), [.succeeded])
                statuses = try await harness.statuses(Self.minuteJob)
                XCTAssertEqual(statuses, ["timed_out": 1, "succeeded": 1])
            }
        }
    }

    func test_longRun_keepsItsShortLeaseByHeartbeat_andIsNotTakenForDead() async throws {
        // A 300 ms lease renewed every 100 ms; the run is held for several leases.
        try await withScheduler(extra: ["SCHEDULER_LEASE_MS": "300"]) { harness in
            try await harness.only([Self.minuteJob])
            harness.target.set(Self.minuteJob, .hold)
            harness.clock.advance(by: 60)
            let claimed = try await harness.engine.claimDue(now: harness.clock.now()).claimed
            XCTAssertEqual(claimed.count, 1)
            let engine = harness.engine
            let running = Task { await engine.execute(claimed[0]) }
            try await eventually("the fake target holds one call", timeout: .seconds(5)) { harness.target.held == 1 }
            try await harness.withReplica { other in
                for _ in 0..<5 {
                    harness.clock.advance(by: 1)
                    try await Task.sleep(for: .milliseconds(250))
                    _ = try await other.engine.claimDue(now: harness.clock.now())
                }
                var statuses = try await harness.statuses(Self.minuteJob)
                XCTAssertEqual(statuses, ["running": 1], "the run was taken for dead while its scheduler renewed its lease")
                harness.target.release()
                let record = await running.value
                XCTAssertEqual(record?.status, .succeeded)
                statuses = try await harness.statuses(Self.minuteJob)
                XCTAssertEqual(statuses, ["succeeded": 1])
            }
        }
    }

    func test_outcomeWrittenWhilePostgresIsDown_isRecordedWhenItComesBack_andTheNextTickRuns() async throws {
        let postgres = try TestPostgresControl.fromEnvironment()
        try await withScheduler { harness in
            try await harness.only([Self.minuteJob])
            harness.target.set(Self.minuteJob, .hold)
            harness.clock.advance(by: 60)
            let claimed = try await harness.engine.claimDue(now: harness.clock.now()).claimed
            XCTAssertEqual(claimed.count, 1)
            let engine = harness.engine
            let running = Task { await engine.execute(claimed[0]) }
            try await eventually("the fake target holds one call", timeout: .seconds(5)) { harness.target.held == 1 }

            // Postgres goes away while the job runs; the job then answers, and its outcome has nowhere to go.
            try postgres.stop()
            var restarted = false
            defer { if !restarted { try? postgres.start() } }
            harness.target.release()
            try await Task.sleep(for: .seconds(2))
            try postgres.start()
            restarted = true

            let record = await running.value
            XCTAssertEqual(record?.status, .succeeded, "the outcome was not recorded after Postgres came back")
            var statuses = try await harness.statuses(Self.minuteJob)
            XCTAssertEqual(statuses, ["succeeded": 1])
            // The next minute's tick runs (not `skipped` behind a run stuck in `running`).
            harness.target.set(Self.minuteJob, .succeed)
            harness.clock.advance(by: 60)
            let next = try await harness.engine.tick(now: harness.clock.now())
            XCTAssertEqual(next.map(\.status), [.succeeded])
            statuses = try await harness.statuses(Self.minuteJob)
            XCTAssertEqual(statuses, ["succeeded": 2])
        }
    }
}
