import Foundation

/// Closed-loop reservers over the bus from `infra/bench/nn_reserve` (C, nanomsg + protobuf-c):
/// the bus-side twin of `WrkLoad`, so that the figure is the service's latency and not what a
/// load generator sharing the two cores costs. Every code received is read back for the checks.
struct CBusLoad {
    var executable: String
    var reservers = 32
    var seconds = 5.0
    var codesPerCall = 10

    /// Runs the C client against `url` for `campaign`; fails when it is missing or fails.
    func run(url: String, campaign: String) throws -> ReserveLoadOutcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ci-bench-nn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = directory.appendingPathComponent("codes").path
        let summary = try LoadSummary.run(executable, [url, campaign, prefix, "\(seconds)", "\(reservers)", "\(codesPerCall)"])
        var codes: [String] = []
        for reserver in 0..<reservers {
            let content = try String(contentsOfFile: "\(prefix)-\(reserver)", encoding: .utf8)
            codes += content.split(separator: "\n").map(String.init)
        }
        return ReserveLoadOutcome(
            requests: summary.calls,
            failures: summary.failures,
            p50Ms: summary.p50Ms,
            p95Ms: summary.p95Ms,
            p99Ms: summary.p99Ms,
            codes: codes
        )
    }
}
