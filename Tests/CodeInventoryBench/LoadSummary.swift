import Foundation

/// The `RESULT <calls> <failed> <p50 µs> <p95 µs> <p99 µs>` line a C load generator (wrk with
/// the bench's script, nn_reserve) prints, read from running it.
struct LoadSummary {
    var calls: Int
    var failures: Int
    var p50Ms: Double
    var p95Ms: Double
    var p99Ms: Double

    /// Runs `executable` with `arguments` and reads its summary line; throws when it fails or prints none.
    static func run(_ executable: String, _ arguments: [String]) throws -> LoadSummary {
        let output = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let fields = text.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") })?.split(separator: " "),
            fields.count == 6, let calls = Int(fields[1]), let failures = Int(fields[2]),
            let p50 = Double(fields[3]), let p95 = Double(fields[4]), let p99 = Double(fields[5])
        else { throw BenchFailure(description: "\(arguments.first ?? executable) failed (exit \(process.terminationStatus)): \(text)") }
        return LoadSummary(calls: calls, failures: failures, p50Ms: p50 / 1000, p95Ms: p95 / 1000, p99Ms: p99 / 1000)
    }
}
