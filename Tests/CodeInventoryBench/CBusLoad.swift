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
        let output = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [url, campaign, prefix, "\(seconds)", "\(reservers)", "\(codesPerCall)"]
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let summary = text.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") })?.split(separator: " "),
              summary.count == 6, let calls = Int(summary[1]), let failures = Int(summary[2]),
              let p50 = Double(summary[3]), let p95 = Double(summary[4]), let p99 = Double(summary[5])
        else { throw BenchFailure(description: "\(executable) failed (exit \(process.terminationStatus)): \(text)") }
        var codes: [String] = []
        for reserver in 0..<reservers {
            let content = try String(contentsOfFile: "\(prefix)-\(reserver)", encoding: .utf8)
            codes += content.split(separator: "\n").map(String.init)
        }
        return ReserveLoadOutcome(requests: calls, failures: failures, p50Ms: p50 / 1000, p95Ms: p95 / 1000,
                                  p99Ms: p99 / 1000, codes: codes)
    }
}
