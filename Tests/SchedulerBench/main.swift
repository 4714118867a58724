// scheduler-bench: tick accuracy of the real scheduler (its ticker, in this process, on a
// throwaway schema). 50 jobs due every minute point at a fake `RunJob` server that records when
// each request arrives; the lag is arrival − scheduled second. Prints
//   scheduler lag <samples> <p50 ms> <p95 ms> <p99 ms> <max ms> <duplicates> <missing>
// Environment: DATABASE_URL, BENCH_SCHEDULER_JOBS (50), BENCH_SCHEDULER_TICKS (2 minute boundaries).
import Bus
import Contracts
import Foundation
import Logging
import Scheduler
import ServiceKit
import ServiceLifecycle
import Store
import Synchronization

let environment = ProcessInfo.processInfo.environment
let databaseURL = environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55434/postgres"
let jobCount = Int(environment["BENCH_SCHEDULER_JOBS"] ?? "") ?? 50
let ticks = Int(environment["BENCH_SCHEDULER_TICKS"] ?? "") ?? 2
var logger = Logger(label: "scheduler-bench")
logger.logLevel = .warning

/// Arrival times of RunJob requests: (job, scheduled ms, arrival ms).
let arrivals = Mutex<[(String, Int64, Int64)]>([])
let targetURL = "ipc:///tmp/scheduler-bench-target-\(ProcessInfo.processInfo.processIdentifier).ipc"
let router = RPCRouter(logger: logger)
router.register("RunJob") { (request: RunJobRequest, _) in
    let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
    arrivals.withLock { $0.append((request.job, request.scheduledForUnixMs, now)) }
    return RunJobReply(job: request.job, processed: 1)
}
let target = try RPCServer(url: targetURL, router: router, maxMessageSize: 1 << 20, maxConcurrent: 128, logger: logger)
target.start()

let name = "scheduler-bench"
let serviceEnvironment = InProcessService.environment(
    name: name,
    databaseURL: databaseURL,
    poolSize: 8,
    extra: ["SCHEDULER_RPC_URL": targetURL]
)
let definition = SchedulerService.makeDefinition(name: name, environment: serviceEnvironment)
let runtime = try ServiceRuntime(definition: definition, config: ServiceConfig(name: name, environment: serviceEnvironment), logger: logger)
let group = ServiceGroup(
    configuration: .init(
        services: try runtime.services().map { .init(service: $0, successTerminationBehavior: .ignore) },
        logger: logger
    )
)
let running = Task { try await group.run() }
try await runtime.database.waitUntilReady()

// The bench's own schedule: the seeded jobs off, `jobCount` jobs every minute from now on.
let pool = runtime.database.pool
_ = try await pool.execute("UPDATE jobs SET enabled = false")
_ = try await pool.execute("DELETE FROM jobs WHERE name LIKE 'bench-%'")
for index in 1...jobCount {
    let job = String(format: "bench-%02d", index)
    _ = try await pool.execute("INSERT INTO jobs (name, service, cron, scheduled_through) VALUES (\(job), 'scheduler', '* * * * *', now())")
}
let start = Date()
let firstTick = (start.timeIntervalSince1970 / 60).rounded(.up) * 60
let end = firstTick + Double(ticks - 1) * 60 + 5
print("scheduler-bench: \(jobCount) jobs every minute, \(ticks) tick(s); waiting \(Int(end - start.timeIntervalSince1970)) s")
while Date().timeIntervalSince1970 < end { try await Task.sleep(for: .milliseconds(250)) }

await group.triggerGracefulShutdown()
_ = try? await running.value
await target.stop()
let samples = arrivals.withLock { $0 }
let lags = samples.map { Double($0.2 - $0.1) }.sorted()
let unique = Set(samples.map { "\($0.0)@\($0.1)" }).count
let expected = jobCount * ticks
func percentile(_ p: Double) -> String {
    guard !lags.isEmpty else { return "n/a" }
    return String(format: "%.0f", lags[min(lags.count - 1, Int((p * Double(lags.count)).rounded(.up)) - 1)])
}
print(
    "scheduler lag \(lags.count) \(percentile(0.50)) \(percentile(0.95)) \(percentile(0.99)) \(lags.last.map { String(format: "%.0f", $0) } ?? "n/a") \(samples.count - unique) \(max(0, expected - unique))"
)
_ = try? await pool.execute("DROP SCHEMA IF EXISTS scheduler_bench CASCADE")
await pool.close()
