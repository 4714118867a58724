import Bus
import Contracts
import Foundation
import Logging

/// Closed-loop reservers calling code-inventory's `ReserveCodes` directly over the bus, the way
/// other services (claimer, markets) reach it: the service's own latency, without the gateway's
/// HTTP, JSON and JWT work in the path. Every reply is kept for the duplicate check.
struct BusLoad {
    var reservers = 32
    var seconds = 5.0

    /// Runs `reservers` loops of `ReserveCodes(campaign, tm, 10)` on one client for `seconds`.
    func run(url: String, campaign: String) async throws -> ReserveLoadOutcome {
        let client = try RPCClient(service: "code-inventory", urls: [url], logger: Logger(label: "bench"))
        defer { client.close() }
        let request = ReserveCodesRequest(campaignId: campaign, type: "tm", count: 10)
        let options = CallOptions(principal: .service("code-inventory-bench"))
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let results = try await withThrowingTaskGroup(of: (latencies: [Double], failures: Int, codes: [String]).self) { group in
            for _ in 0..<reservers {
                group.addTask {
                    var latencies: [Double] = []
                    var failures = 0
                    var codes: [String] = []
                    while ContinuousClock.now < end {
                        var reply: ReserveCodesReply?
                        let ms = await Stopwatch.milliseconds {
                            reply = try? await client.call("ReserveCodes", request, as: ReserveCodesReply.self, options: options)
                        }
                        guard let reply, reply.codes.count == 10 else {
                            failures += 1
                            continue
                        }
                        latencies.append(ms)
                        codes += reply.codes
                    }
                    return (latencies, failures, codes)
                }
            }
            var all: (latencies: [Double], failures: Int, codes: [String]) = ([], 0, [])
            for try await result in group {
                all.latencies += result.latencies
                all.failures += result.failures
                all.codes += result.codes
            }
            return all
        }
        return ReserveLoadOutcome(
            requests: results.latencies.count + results.failures,
            failures: results.failures,
            p50Ms: Stopwatch.percentile(results.latencies, 50),
            p95Ms: Stopwatch.percentile(results.latencies, 95),
            p99Ms: Stopwatch.percentile(results.latencies, 99),
            codes: results.codes
        )
    }
}
