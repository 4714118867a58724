import Foundation

/// Closed-loop HTTP load from `wrk` (C, a few per cent of a core), so that on a two-core machine
/// the load generator does not take the CPU the measured path needs. Every reply body is kept, so
/// the bench checks what the clients really received (duplicates, statuses), not a server log.
struct WrkLoad {
    var connections = 32
    var threads = 2
    var duration = "5s"
    var codesPerCall = 10

    /// Runs `wrk` against `url` with the bearer token; fails when wrk is missing or fails.
    func run(url: String, token: String) throws -> ReserveLoadOutcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ci-bench-wrk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("load.lua")
        try Self.script(token: token).write(to: script, atomically: true, encoding: .utf8)
        let summary = try LoadSummary.run(
            "/usr/bin/env",
            [
                "wrk", "-t\(threads)", "-c\(connections)", "-d\(duration)", "-s", script.path,
                url, "--", directory.appendingPathComponent("bodies").path,
            ]
        )
        var bodies: [Substring] = []
        for thread in 1...threads {
            let file = directory.appendingPathComponent("bodies-\(thread)")
            let content = try String(contentsOf: file, encoding: .utf8)
            bodies += content.split(separator: "\n")
        }
        // A reply that is missing, not a 200 or not exactly the codes asked for is a failure.
        var codes: [String] = []
        var complete = 0
        for body in bodies {
            let reply = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            let received = reply?["codes"] as? [String] ?? []
            if received.count == codesPerCall { complete += 1 }
            codes += received
        }
        return ReserveLoadOutcome(
            requests: summary.calls,
            failures: max(summary.calls - complete, summary.failures),
            p50Ms: summary.p50Ms,
            p95Ms: summary.p95Ms,
            p99Ms: summary.p99Ms,
            codes: codes
        )
    }

    /// Each wrk thread appends its reply bodies (one JSON object per line) to its own file; the
    /// summary line carries the request count, non-200 replies and latency percentiles in µs.
    static func script(token: String) -> String {
        """
        wrk.headers["Authorization"] = "Bearer \(token)"
        local threads = {}
        function setup(thread)
            table.insert(threads, thread)
            thread:set("id", #threads)
        end
        function init(args)
            out = io.open(args[1] .. "-" .. id, "w")
            -- Fully buffered: a write per reply would cost the load generator a syscall per
            -- request on the machine it shares with the measured path; exit flushes the file.
            out:setvbuf("full", 1048576)
            non200 = 0
        end
        function response(status, headers, body)
            if status ~= 200 then non200 = non200 + 1 end
            out:write(body, "\\n")
        end
        function done(summary, latency, requests)
            local bad = 0
            for _, thread in ipairs(threads) do bad = bad + thread:get("non200") end
            io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, bad,
                latency:percentile(50), latency:percentile(95), latency:percentile(99)))
        end
        """
    }
}
