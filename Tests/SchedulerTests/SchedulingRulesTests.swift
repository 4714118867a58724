import Contracts
import Foundation
import ServiceKit
import XCTest

@testable import Scheduler

/// The pure rules: catch-up planning, retries, alerts, job edits.
final class SchedulingRulesTests: XCTestCase {
    let everyFive = JobSchedule(cron: try! CronExpression("*/5 * * * *"), timeZone: .gmt)
    let start = CronExpressionTests.date("2026-01-01T00:00:00Z")

    func test_plan_oneDueTick_runs() {
        let plan = TickPlanner.plan(schedule: everyFive, cursor: start, now: start.addingTimeInterval(300.2), catchUpWindow: 3600)
        XCTAssertEqual(plan.run, start.addingTimeInterval(300))
        XCTAssertEqual(plan.missed, [])
        XCTAssertEqual(plan.through, start.addingTimeInterval(300))
    }

    func test_plan_nothingDue_keepsTheCursor() {
        let plan = TickPlanner.plan(schedule: everyFive, cursor: start, now: start.addingTimeInterval(299), catchUpWindow: 3600)
        XCTAssertNil(plan.run)
        XCTAssertEqual(plan.through, start)
    }

    func test_plan_afterDowntime_latestInsideWindowRunsOnce_othersMissed() {
        // Down for 32 minutes: ticks at 5, 10, …, 30 are due; 30 runs, 5…25 are missed.
        let plan = TickPlanner.plan(schedule: everyFive, cursor: start, now: start.addingTimeInterval(32 * 60), catchUpWindow: 3600)
        XCTAssertEqual(plan.run, start.addingTimeInterval(30 * 60))
        XCTAssertEqual(plan.missed, (1...5).map { start.addingTimeInterval(Double($0) * 300) })
        XCTAssertEqual(plan.through, start.addingTimeInterval(30 * 60))
    }

    func test_plan_latestOutsideWindow_isMissedToo() {
        let daily = JobSchedule(cron: try! CronExpression("0 1 * * *"), timeZone: .gmt)
        // The 01:00 tick is 3 h old with a 1 h window.
        let plan = TickPlanner.plan(schedule: daily, cursor: start, now: start.addingTimeInterval(4 * 3600), catchUpWindow: 3600)
        XCTAssertNil(plan.run)
        XCTAssertEqual(plan.missed, [start.addingTimeInterval(3600)])
        XCTAssertEqual(plan.through, start.addingTimeInterval(3600))
    }

    func test_plan_zeroCatchUpWindow_runsATickClaimedOnTime_andMissesALateOne() {
        // A pass claims a tick some milliseconds after it is due: it still runs.
        let onTime = TickPlanner.plan(schedule: everyFive, cursor: start, now: start.addingTimeInterval(300.04), catchUpWindow: 0)
        XCTAssertEqual(onTime.run, start.addingTimeInterval(300))
        XCTAssertEqual(onTime.missed, [])
        let busy = TickPlanner.plan(
            schedule: everyFive,
            cursor: start,
            now: start.addingTimeInterval(300 + TickPlanner.onTimeGrace),
            catchUpWindow: 0
        )
        XCTAssertEqual(busy.run, start.addingTimeInterval(300))
        // After downtime nothing is caught up.
        let late = TickPlanner.plan(schedule: everyFive, cursor: start, now: start.addingTimeInterval(660), catchUpWindow: 0)
        XCTAssertNil(late.run)
        XCTAssertEqual(late.missed, [start.addingTimeInterval(300), start.addingTimeInterval(600)])
        XCTAssertEqual(late.through, start.addingTimeInterval(600))
    }

    func test_plan_longDowntime_recordsAtMostTheLimit() {
        let minutely = JobSchedule(cron: try! CronExpression("* * * * *"), timeZone: .gmt)
        let plan = TickPlanner.plan(schedule: minutely, cursor: start, now: start.addingTimeInterval(1000 * 60), catchUpWindow: 3600)
        XCTAssertEqual(plan.run, start.addingTimeInterval(1000 * 60))
        XCTAssertEqual(plan.missed.count, TickPlanner.maxRecordedMissed)
        XCTAssertEqual(plan.missed.count + plan.unrecordedMissed, 999)
        XCTAssertEqual(plan.missed.last, start.addingTimeInterval(999 * 60))
    }

    func test_retryPolicy_retriesTransportFailures_thenFails_andRefusalsFailAtOnce() {
        let policy = RetryPolicy(maxRetries: 3, delay: 300)
        let down = DispatchResult.failed(code: "UNAVAILABLE", message: "markets is unavailable")
        for attempt in 1...3 {
            XCTAssertEqual(
                policy.decide(down, attempt: attempt, now: start),
                .retry(at: start.addingTimeInterval(300), error: "UNAVAILABLE: markets is unavailable (attempt \(attempt) of 4)")
            )
        }
        XCTAssertEqual(policy.decide(down, attempt: 4, now: start), .finished(.failed, error: "UNAVAILABLE: markets is unavailable (attempt 4 of 4)"))
        XCTAssertEqual(
            policy.decide(.failed(code: "NOT_FOUND", message: "no job"), attempt: 1, now: start),
            .finished(.failed, error: "NOT_FOUND: no job (attempt 1 of 4)")
        )
        let partial = JobReport(partial: true, processed: 3, failed: 1, summary: [])
        XCTAssertEqual(policy.decide(.completed(partial), attempt: 2, now: start), .finished(.partial, error: ""))
    }

    func test_resultLogLine_showsCountsAndTheServiceSummary() {
        let report = JobReport(
            partial: false,
            processed: 5,
            failed: 0,
            summary: [SummaryEntry(key: "timestamp", value: "2025-01-01T00:15:00.000Z")]
        )
        XCTAssertEqual(report.logText, #"{ processed: 5, failed: 0, partial: false, timestamp: "2025-01-01T00:15:00.000Z" }"#)
    }

    func test_alertRules() {
        let rules = AlertRules()
        XCTAssertTrue(rules.isLongRun(301))
        XCTAssertFalse(rules.isLongRun(300))
        XCTAssertFalse(rules.isFailureRateHigh(failures: 1, total: 10))
        XCTAssertTrue(rules.isFailureRateHigh(failures: 2, total: 19))
        XCTAssertFalse(rules.isFailureRateHigh(failures: 0, total: 0))
        XCTAssertEqual(rules.failureRateMessage(failures: 3, total: 10), "3 of 10 runs (30%) failed in the last 24 h (limit 10%)")
    }

    func test_failureRate_needsMinimumRuns_orEveryScheduledRunWhenFewer() {
        let rules = AlertRules()
        XCTAssertEqual(rules.minRuns, 5)
        // One failed run of one is not a rate…
        XCTAssertFalse(rules.isFailureRateHigh(failures: 1, total: 1))
        XCTAssertFalse(rules.isFailureRateHigh(failures: 4, total: 4))
        XCTAssertTrue(rules.isFailureRateHigh(failures: 1, total: 5))
        XCTAssertFalse(rules.isFailureRateHigh(failures: 1, total: 4, scheduledRuns: 1440))
        // …unless the schedule has no more runs in the window (a daily job).
        XCTAssertTrue(rules.isFailureRateHigh(failures: 1, total: 1, scheduledRuns: 1))
        XCTAssertFalse(rules.isFailureRateHigh(failures: 0, total: 1, scheduledRuns: 1))
        XCTAssertTrue(rules.isFailureRateHigh(failures: 1, total: 1, scheduledRuns: 0))
        XCTAssertEqual(SchedulerSettings(environment: ServiceEnvironment(["SCHEDULER_ALERT_MIN_RUNS": "3"])).alerts.minRuns, 3)
        XCTAssertEqual(SchedulerSettings(environment: ServiceEnvironment([:])).alerts.minRuns, 5)
    }

    func test_jobEdit_validatesEveryField_andReportsTimingChanges() throws {
        let job = JobRecord(
            name: "markets-ingest",
            service: "markets",
            cron: "*/5 * * * *",
            timezone: "UTC",
            enabled: true,
            overlap: .skip,
            catchUpWindow: 3600,
            scheduledThrough: start
        )
        XCTAssertThrowsError(
            try JobEdit.apply(
                UpdateJobRequest(
                    name: job.name,
                    cron: "*/5 * *",
                    timezone: "Moon/Base",
                    overlap: "sometimes",
                    catchUpWindowSeconds: -1
                ),
                to: job,
                now: start
            )
        ) { error in
            XCTAssertEqual((error as? SchedulerError).map(CronExpressionTests.fields), ["overlap", "catchUpWindowSeconds", "cron", "timezone"])
        }
        XCTAssertThrowsError(try JobEdit.apply(UpdateJobRequest(name: job.name), to: job, now: start)) { error in
            XCTAssertEqual((error as? SchedulerError).map(CronExpressionTests.fields), ["body"])
        }
        let paused = try JobEdit.apply(UpdateJobRequest(name: job.name, enabled: false), to: job, now: start)
        XCTAssertFalse(paused.job.enabled)
        XCTAssertTrue(paused.timingChanged)
        let relaxed = try JobEdit.apply(UpdateJobRequest(name: job.name, overlap: "allow"), to: job, now: start)
        XCTAssertEqual(relaxed.job.overlap, .allow)
        XCTAssertFalse(relaxed.timingChanged)
        let moved = try JobEdit.apply(UpdateJobRequest(name: job.name, cron: "0  3 * * *", timezone: "Europe/Berlin"), to: job, now: start)
        XCTAssertEqual(moved.job.cron, "0 3 * * *")
        XCTAssertEqual(moved.job.timezone, "Europe/Berlin")
        XCTAssertTrue(moved.timingChanged)
        let india = try JobEdit.apply(UpdateJobRequest(name: job.name, timezone: "Asia/Kolkata"), to: job, now: start)
        XCTAssertEqual(india.job.timezone, "Asia/Kolkata")
        let onTimeOnly = try JobEdit.apply(UpdateJobRequest(name: job.name, catchUpWindowSeconds: 0), to: job, now: start)
        XCTAssertEqual(onTimeOnly.job.catchUpWindow, 0)
    }

    func test_jobEdit_refusesAJobWithAnUnknownServiceUnlessItDisablesIt() throws {
        var job = JobRecord(
            name: "billing-sync",
            service: "billing",
            cron: "*/5 * * * *",
            timezone: "UTC",
            enabled: true,
            overlap: .skip,
            catchUpWindow: 3600,
            scheduledThrough: start
        )
        XCTAssertThrowsError(try JobEdit.apply(UpdateJobRequest(name: job.name, cron: "0 * * * *"), to: job, now: start)) { error in
            guard case .invalid(let violations) = error as? SchedulerError else { return XCTFail("\(error)") }
            XCTAssertEqual(violations.map(\.field), ["service"])
            XCTAssertEqual(
                violations.first?.description,
                "\"billing\" is not a known service (loyalty, code-inventory, claimer, markets, scheduler); the job can only be disabled"
            )
        }
        let off = try JobEdit.apply(UpdateJobRequest(name: job.name, enabled: false), to: job, now: start)
        XCTAssertFalse(off.job.enabled)
        job.enabled = false
        XCTAssertThrowsError(try JobEdit.apply(UpdateJobRequest(name: job.name, enabled: true), to: job, now: start))
        for service in ServiceEndpoints.services {
            job.service = service
            XCTAssertNoThrow(try JobEdit.apply(UpdateJobRequest(name: job.name, enabled: true), to: job, now: start), service)
        }
    }
}
