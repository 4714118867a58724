import Bus
import Contracts
import Foundation
import ServiceKit
import Store
import TestSupport
import XCTest

@testable import Scheduler

/// Runs against the real schema with a fake target: retries, partial results, catch-up, overlap,
/// lease recovery, alerts and retention.
final class SchedulerRunTests: XCTestCase {
    let epoch = SchedulerHarness.epoch

    func test_targetUnavailable_isRetriedThreeTimes_thenFailed_withAFailureRateAlert() async throws {
        try await withScheduler(extra: ["SCHEDULER_RETRY_DELAY_MS": "1000"]) { harness in
            try await harness.only(["expire-points"])
            harness.target.set("expire-points", .refuse(.unavailable))
            harness.clock.set(epoch.addingTimeInterval(2 * 3600))
            _ = try await harness.engine.tick(now: harness.clock.now())
            var statuses = try await harness.statuses("expire-points")
            XCTAssertEqual(statuses, ["retrying": 1])
            // Not due yet: the retry waits for its delay.
            harness.clock.advance(by: 0.5)
            _ = try await harness.engine.tick(now: harness.clock.now())
            XCTAssertEqual(harness.target.count("expire-points"), 1)
            for _ in 1...3 {
                harness.clock.advance(by: 1)
                _ = try await harness.engine.tick(now: harness.clock.now())
            }
            XCTAssertEqual(harness.target.count("expire-points"), 4)
            statuses = try await harness.statuses("expire-points")
            XCTAssertEqual(statuses, ["failed": 1])
            let runs = try await harness.call("ListJobRuns", ListJobRunsRequest(name: "expire-points"), as: ListJobRunsReply.self).runs
            XCTAssertEqual(runs.count, 1)
            XCTAssertEqual(runs.first?.attempt, 4)
            XCTAssertTrue(runs.first?.error.hasPrefix("UNAVAILABLE: fake refuses expire-points (attempt 4 of 4)") ?? false, runs.first?.error ?? "")
            // Every attempt carried the same run id.
            XCTAssertEqual(Set(harness.target.requests.map(\.runId)), [runs.first?.id ?? ""])
            let alerts = try await harness.call("ListAlerts", ListAlertsRequest(), as: ListAlertsReply.self).alerts
            XCTAssertEqual(alerts.map(\.kind), ["failure_rate"])
            XCTAssertEqual(alerts.first?.message, "1 of 1 runs (100%) failed in the last 24 h (limit 10%)")
            let topics = try await harness.outboxTopics()
            XCTAssertEqual(topics, ["\(harness.name).alert"])
        }
    }

    func test_unreachableTarget_isUnavailable_isRetried_andRecorded() async throws {
        // Nothing listens on port 1: nanomsg keeps reconnecting and the call is never sent.
        try await withScheduler(
            extra: [
                "SCHEDULER_RUN_TIMEOUT_MS": "200", "SCHEDULER_MAX_RETRIES": "1",
                "SCHEDULER_RETRY_DELAY_MS": "1000",
            ],
            targetURL: "tcp://127.0.0.1:1"
        ) { harness in
            try await harness.only(["cleanup-transactions"])
            harness.clock.set(epoch.addingTimeInterval(3 * 3600))
            _ = try await harness.engine.tick(now: harness.clock.now())
            var statuses = try await harness.statuses("cleanup-transactions")
            XCTAssertEqual(statuses, ["retrying": 1])
            harness.clock.advance(by: 1)
            let records = try await harness.engine.tick(now: harness.clock.now())
            statuses = try await harness.statuses("cleanup-transactions")
            XCTAssertEqual(statuses, ["failed": 1])
            XCTAssertEqual(records.first?.attempt, 2)
            XCTAssertTrue(records.first?.error.hasPrefix("UNAVAILABLE") ?? false, records.first?.error ?? "")
        }
    }

    func test_partialReply_isRecordedPartial_withTheServiceSummary() async throws {
        try await withScheduler { harness in
            try await harness.only(["discipline-stats-rollup"])
            harness.target.set("discipline-stats-rollup", .partial(processed: 5, failed: 2))
            harness.clock.set(epoch.addingTimeInterval(3600 + 0.3))
            let records = try await harness.engine.tick(now: harness.clock.now())
            XCTAssertEqual(records.count, 1)
            XCTAssertEqual(records.first?.status, .partial)
            XCTAssertEqual(records.first?.processed, 5)
            XCTAssertEqual(records.first?.failed, 2)
            XCTAssertEqual(records.first?.summary.map(\.key), ["failedItems"])
            XCTAssertEqual(records.first?.summary.map(\.value), ["2"])
            XCTAssertEqual(records.first?.scheduledFor, epoch.addingTimeInterval(3600))
            XCTAssertEqual(harness.target.count("discipline-stats-rollup"), 1)
        }
    }

    func test_catchUp_latestTickInsideTheWindowRunsOnce_olderOnesAreMissed() async throws {
        try await withScheduler { harness in
            try await harness.only(["markets-ingest", "tier-expiration"])
            // Nobody ran for 2 h: markets-ingest (*/5) had 24 ticks; tier-expiration (00:15) one, 1 h 45 min ago.
            harness.clock.set(epoch.addingTimeInterval(2 * 3600 + 10))
            let records = try await harness.engine.tick(now: harness.clock.now())
            XCTAssertEqual(records.map(\.job), ["markets-ingest"])
            XCTAssertEqual(records.first?.scheduledFor, epoch.addingTimeInterval(2 * 3600))
            XCTAssertEqual(harness.target.requests.map(\.job), ["markets-ingest"])
            let ingest = try await harness.statuses("markets-ingest")
            XCTAssertEqual(ingest, ["succeeded": 1, "missed": 23])
            let tier = try await harness.statuses("tier-expiration")
            XCTAssertEqual(tier, ["missed": 1])
            // A second replica arriving late claims nothing more.
            let late = try await harness.withReplica { try await $0.engine.tick(now: harness.clock.now()) }
            XCTAssertEqual(late.count, 0)
            XCTAssertEqual(harness.target.requests.count, 1)
        }
    }

    func test_zeroCatchUpWindow_runsEveryTickClaimedOnTime_andCatchesNothingUpAfterDowntime() async throws {
        try await withScheduler { harness in
            try await harness.only(["leaderboard-refresh"])
            let edited = try await harness.call(
                "UpdateJob",
                UpdateJobRequest(name: "leaderboard-refresh", catchUpWindowSeconds: 0),
                as: ScheduledJob.self
            )
            XCTAssertEqual(edited.catchUpWindowSeconds, 0)
            // Each tick is claimed a few milliseconds after it is due, as the ticker does.
            for minute in 1...3 {
                harness.clock.set(epoch.addingTimeInterval(Double(minute) * 60 + 0.05))
                _ = try await harness.engine.tick(now: harness.clock.now())
            }
            var statuses = try await harness.statuses("leaderboard-refresh")
            XCTAssertEqual(statuses, ["succeeded": 3])
            // Down from 00:03 to 00:10:30: 00:04 … 00:10 are missed, none runs late.
            harness.clock.set(epoch.addingTimeInterval(10 * 60 + 30))
            _ = try await harness.engine.tick(now: harness.clock.now())
            statuses = try await harness.statuses("leaderboard-refresh")
            XCTAssertEqual(statuses, ["succeeded": 3, "missed": 7])
            harness.clock.set(epoch.addingTimeInterval(11 * 60 + 0.02))
            _ = try await harness.engine.tick(now: harness.clock.now())
            statuses = try await harness.statuses("leaderboard-refresh")
            XCTAssertEqual(statuses, ["succeeded": 4, "missed": 7])
            XCTAssertEqual(harness.target.count("leaderboard-refresh"), 4)
        }
    }

    func test_failureRateAlert_ofAFrequentJob_waitsForTheMinimumNumberOfRuns() async throws {
        try await withScheduler { harness in
            try await harness.only(["leaderboard-refresh"])
            // INVALID_ARGUMENT is not retried: each failing tick is one failed run.
            harness.target.set("leaderboard-refresh", .refuse(.invalidArgument))
            harness.clock.set(epoch.addingTimeInterval(60.05))
            _ = try await harness.engine.tick(now: harness.clock.now())
            var statuses = try await harness.statuses("leaderboard-refresh")
            XCTAssertEqual(statuses, ["failed": 1])
            var alerts = try await harness.call("ListAlerts", ListAlertsRequest(), as: ListAlertsReply.self).alerts
            XCTAssertEqual(alerts.map(\.kind), [], "one failed run of one is no failure rate")
            harness.target.set("leaderboard-refresh", .succeed)
            for minute in 2...4 {
                harness.clock.set(epoch.addingTimeInterval(Double(minute) * 60 + 0.05))
                _ = try await harness.engine.tick(now: harness.clock.now())
            }
            harness.target.set("leaderboard-refresh", .refuse(.invalidArgument))
            harness.clock.set(epoch.addingTimeInterval(5 * 60 + 0.05))
            _ = try await harness.engine.tick(now: harness.clock.now())
            statuses = try await harness.statuses("leaderboard-refresh")
            XCTAssertEqual(statuses, ["failed": 2, "succeeded": 3])
            alerts = try await harness.call("ListAlerts", ListAlertsRequest(), as: ListAlertsReply.self).alerts
            XCTAssertEqual(alerts.map(\.kind), ["failure_rate"])
            XCTAssertEqual(alerts.first?.message, "2 of 5 runs (40%) failed in the last 24 h (limit 10%)")
        }
    }

    func test_unknownService_isRefusedWhenStored_andARunNamingOneFailsAtOnceWithoutACall() async throws {
        try await withScheduler { harness in
            for statement: SQL in [
                "INSERT INTO jobs (name, service, cron) VALUES ('billing-sync', 'billing', '* * * * *')",
                "UPDATE jobs SET service = 'billing' WHERE name = 'expire-points'",
            ] {
                do {
                    _ = try await harness.pool.execute(statement)
                    XCTFail("a job naming an unknown service must be refused")
                } catch {
                    XCTAssertTrue("\(error)".contains("jobs_service_known"), "\(error)")
                }
            }
            for service in ServiceEndpoints.services {
                _ = try await harness.pool.execute(
                    "INSERT INTO jobs (name, service, cron, enabled) VALUES (\("extra-" + service), \(service), '0 0 * * *', false)"
                )
            }
            // A run naming an unknown service (as a job stored before the check would) is failed at
            // once instead of going to another service's endpoint.
            var job = try await harness.engine.jobs.get("expire-points")
            job.service = "billing"
            let run = try await harness.engine.runs.startManual(job: job, now: harness.clock.now(), lease: 30)
            let record = await harness.engine.execute(run)
            XCTAssertEqual(record?.status, .failed)
            XCTAssertEqual(record?.attempt, 1)
            XCTAssertEqual(
                record?.error,
                #"FAILED_PRECONDITION: "billing" is not a known service (loyalty, code-inventory, claimer, markets, scheduler): nothing was called (attempt 1 of 4)"#
            )
            XCTAssertEqual(harness.target.requests.count, 0)
        }
    }

    func test_overlapSkip_skipsTicksWhileRunning_allowDispatchesThem_andManualRunIsRefused() async throws {
        // A long lease: the held run spans three simulated minutes and must not be declared timed out.
        try await withScheduler(extra: ["SCHEDULER_LEASE_MS": "600000"]) { harness in
            try await harness.only(["leaderboard-refresh"])
            harness.target.set("leaderboard-refresh", .hold)
            harness.clock.advance(by: 60)
            let first = try await harness.engine.claimDue(now: harness.clock.now())
            XCTAssertEqual(first.claimed.count, 1)
            let engine = harness.engine
            let running = Task { await engine.execute(first.claimed[0]) }
            try await eventually("the fake target holds one call", timeout: .seconds(5)) { harness.target.held == 1 }

            harness.clock.advance(by: 60)
            let second = try await harness.engine.claimDue(now: harness.clock.now())
            XCTAssertEqual(second.claimed.count, 0)
            var statuses = try await harness.statuses("leaderboard-refresh")
            XCTAssertEqual(statuses, ["running": 1, "skipped": 1])
            do {
                _ = try await harness.call("RunJobNow", RunJobNowRequest(name: "leaderboard-refresh"), as: JobRun.self)
                XCTFail("a manual run while running with overlap skip must be refused")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .aborted)
            }

            _ = try await harness.call("UpdateJob", UpdateJobRequest(name: "leaderboard-refresh", overlap: "allow"), as: ScheduledJob.self)
            harness.clock.advance(by: 60)
            let third = try await harness.engine.claimDue(now: harness.clock.now())
            XCTAssertEqual(third.claimed.count, 1)
            let overlapping = Task { await engine.execute(third.claimed[0]) }
            try await eventually("the fake target holds two calls", timeout: .seconds(5)) { harness.target.held == 2 }
            harness.target.release()
            _ = await running.value
            _ = await overlapping.value
            statuses = try await harness.statuses("leaderboard-refresh")
            XCTAssertEqual(statuses, ["succeeded": 2, "skipped": 1])
        }
    }

    func test_runWhoseReplicaDied_raisesALongRunAlert_thenTimesOutWhenItsLeaseRunsOut() async throws {
        try await withScheduler(extra: ["SCHEDULER_LONG_RUN_ALERT_MS": "60000", "SCHEDULER_LEASE_MS": "600000"]) { harness in
            try await harness.only(["expire-points"])
            harness.clock.set(epoch.addingTimeInterval(2 * 3600 + 0.5))
            // This replica claims the tick and "dies" before dispatching it.
            let claimed = try await harness.engine.claimDue(now: harness.clock.now()).claimed
            XCTAssertEqual(claimed.count, 1)
            try await harness.withReplica { other in
                harness.clock.advance(by: 120)
                _ = try await other.engine.tick(now: harness.clock.now())
                _ = try await other.engine.tick(now: harness.clock.now())
                var alerts = try await harness.call("ListAlerts", ListAlertsRequest(job: "expire-points"), as: ListAlertsReply.self).alerts
                XCTAssertEqual(alerts.map(\.kind), ["long_run"])
                XCTAssertEqual(alerts.first?.runId, claimed[0].id.uuidString.lowercased())
                var statuses = try await harness.statuses("expire-points")
                XCTAssertEqual(statuses, ["running": 1])

                harness.clock.advance(by: 600)
                _ = try await other.engine.tick(now: harness.clock.now())
                statuses = try await harness.statuses("expire-points")
                XCTAssertEqual(statuses, ["timed_out": 1])
                alerts = try await harness.call("ListAlerts", ListAlertsRequest(job: "expire-points"), as: ListAlertsReply.self).alerts
                XCTAssertEqual(alerts.map(\.kind), ["failure_rate", "long_run"])
                // The dead replica's late outcome does not overwrite the recovery.
                let late = await harness.engine.execute(claimed[0])
                XCTAssertEqual(late?.status, .timed_out)
                XCTAssertEqual(harness.target.count("expire-points"), 1)
                let topics = try await harness.outboxTopics()
                XCTAssertEqual(topics, ["\(harness.name).alert", "\(harness.name).alert"])
            }
        }
    }

    func test_retentionJob_deletesOldHistory_keepsErrorsLonger() async throws {
        try await withScheduler { harness in
            let now = epoch.addingTimeInterval(100 * 86_400)
            harness.clock.set(now)
            let rows: [(String, Double)] = [("succeeded", 31), ("failed", 31), ("failed", 91), ("succeeded", 1), ("missed", 40)]
            for (index, (status, days)) in rows.enumerated() {
                let tick = now.addingTimeInterval(-days * 86_400 - Double(index) * 60)
                _ = try await harness.pool.execute(
                    """
                    INSERT INTO runs (id, job, scheduled_for, trigger, status, finished_at)
                    VALUES (\(UUID()), 'markets-ingest', \(tick), 'schedule', \(status), \(now))
                    """
                )
            }
            let reply = try await harness.service.call(
                "RunJob",
                RunJobRequest(job: "scheduler-retention"),
                as: RunJobReply.self,
                principal: .service("scheduler")
            )
            XCTAssertEqual(reply.summary.first { $0.key == "runsDeleted" }?.value, "3")
            let statuses = try await harness.statuses("markets-ingest")
            XCTAssertEqual(statuses, ["succeeded": 1, "failed": 1])
        }
    }
}
