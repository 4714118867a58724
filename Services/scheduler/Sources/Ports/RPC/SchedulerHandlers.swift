import Bus
import Contracts
import Foundation
import ServiceKit

/// The admin methods: list, run now, edit, history, alerts. Every one requires role `admin`.
struct SchedulerHandlers: Sendable {
    let engine: SchedulerEngine

    func register(on runtime: ServiceRuntime) {
        runtime.router.register(SchedulerMethods.listJobs) { (_: ListJobsRequest, context) in
            try context.require(anyRole: Roles.admin)
            return try await listJobs()
        }
        runtime.router.register(SchedulerMethods.runJobNow) { (request: RunJobNowRequest, context) in
            try context.require(anyRole: Roles.admin)
            return SchedulerMessages.run(try await engine.runNow(request.name))
        }
        runtime.router.register(SchedulerMethods.updateJob) { (request: UpdateJobRequest, context) in
            try context.require(anyRole: Roles.admin)
            return try await update(request)
        }
        runtime.router.register(SchedulerMethods.listJobRuns) { (request: ListJobRunsRequest, context) in
            try context.require(anyRole: Roles.admin)
            return try await listRuns(request)
        }
        runtime.router.register(SchedulerMethods.listAlerts) { (request: ListAlertsRequest, context) in
            try context.require(anyRole: Roles.admin)
            return try await listAlerts(request)
        }
    }

    func listJobs() async throws -> ListJobsReply {
        let now = engine.clock.now()
        let last = try await engine.runs.latestByJob()
        let jobs = try await engine.jobs.all().map { job in
            let next = engine.schedule(for: job)?.next(after: max(now, job.scheduledThrough))
            return SchedulerMessages.job(job, next: next, last: last[job.name])
        }
        return ListJobsReply(jobs: jobs)
    }

    func update(_ request: UpdateJobRequest) async throws -> ScheduledJob {
        let now = engine.clock.now()
        let stored = try await engine.jobs.get(request.name)
        let edit = try JobEdit.apply(request, to: stored, now: now)
        let saved = try await engine.jobs.update(edit.job, timingChanged: edit.timingChanged, now: now)
        engine.logger.notice(
            "[\(saved.name)] schedule edited: cron \"\(saved.cron)\" \(saved.timezone), enabled \(saved.enabled), overlap \(saved.overlap.rawValue), catch-up \(Int(saved.catchUpWindow)) s"
        )
        let last = try await engine.runs.latestByJob()[saved.name]
        return SchedulerMessages.job(saved, next: engine.schedule(for: saved)?.next(after: max(now, saved.scheduledThrough)), last: last)
    }

    func listRuns(_ request: ListJobRunsRequest) async throws -> ListJobRunsReply {
        var violations: [Violation] = []
        var limit = PageCursor.defaultLimit
        var after: (time: Date, id: UUID)?
        do { limit = try PageCursor.limit(Int(request.limit)) } catch { if case .invalid(let v) = error { violations += v } }
        do { after = try PageCursor.decode(request.cursor) } catch { if case .invalid(let v) = error { violations += v } }
        let status = request.status.isEmpty ? nil : RunStatus(rawValue: request.status)
        if !request.status.isEmpty, status == nil {
            violations.append(Violation("status", "must be one of \(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        guard violations.isEmpty else { throw SchedulerError.invalid(violations) }
        _ = try await engine.jobs.get(request.name)
        let records = try await engine.runs.list(job: request.name, after: after, status: status, limit: limit + 1)
        let page = Array(records.prefix(limit))
        let next = records.count > limit ? page.last.map { PageCursor.encode(time: $0.scheduledFor, id: $0.id) } ?? "" : ""
        return ListJobRunsReply(runs: page.map(SchedulerMessages.run), nextCursor: next)
    }

    func listAlerts(_ request: ListAlertsRequest) async throws -> ListAlertsReply {
        var violations: [Violation] = []
        var limit = PageCursor.defaultLimit
        var after: (time: Date, id: UUID)?
        do { limit = try PageCursor.limit(Int(request.limit)) } catch { if case .invalid(let v) = error { violations += v } }
        do { after = try PageCursor.decode(request.cursor) } catch { if case .invalid(let v) = error { violations += v } }
        guard violations.isEmpty else { throw SchedulerError.invalid(violations) }
        let records = try await engine.alerts.list(job: request.job.isEmpty ? nil : request.job, after: after, limit: limit + 1)
        let page = Array(records.prefix(limit))
        let next = records.count > limit ? page.last.map { PageCursor.encode(time: $0.createdAt, id: $0.id) } ?? "" : ""
        return ListAlertsReply(alerts: page.map(SchedulerMessages.alert), nextCursor: next)
    }
}
