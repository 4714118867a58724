import Foundation
import JWTKit

// code-inventory figures for `make bench`, against the release services and gateway started by
// infra/run.sh: CSV import through the gateway next to `psql \copy` + INSERT … ON CONFLICT of the
// same file, reserve latency with 32 concurrent reservers against 1,000,000 codes (driven by wrk,
// every reply checked), count latency.
// Usage: code-inventory-bench --gateway URL --database-url URL --jwt-secret S --migration DIR|FILE [--psql PATH]
//        [--reserve-duration 5s] [--wrk-threads 2] [--c-client infra/bench/nn_reserve]

struct Claims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var roles: [String]
    func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
}

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
let gateway = option("--gateway") ?? "http://127.0.0.1:8080"
let databaseURL = option("--database-url") ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
let secret = option("--jwt-secret") ?? ProcessInfo.processInfo.environment["JWT_SECRET"] ?? ""
/// The service's migrations (a directory, applied in name order) or one migration file; the psql
/// reference imports into tables built by the same DDL.
let migration = option("--migration") ?? "Services/code-inventory/Sources/Migrations"
let psql = option("--psql") ?? "psql"
let importRuns = Int(option("--import-runs") ?? "") ?? 5
let reserveTotal = Int(option("--reserve-codes") ?? "") ?? 1_000_000
let reservers = 32
let reserveDuration = option("--reserve-duration") ?? "5s"
let wrkThreads = Int(option("--wrk-threads") ?? "") ?? 2
let countRequests = Int(option("--count-requests") ?? "") ?? 500
/// infra/bench/nn_reserve (the C bus client); without it the C-client run is skipped.
let cClient = option("--c-client")

func line(_ name: String, _ value: String, _ reference: String, _ goal: String) {
    print(
        name.padding(toLength: 44, withPad: " ", startingAt: 0) + " | " + value.padding(toLength: 30, withPad: " ", startingAt: 0)
            + " | " + reference.padding(toLength: 30, withPad: " ", startingAt: 0) + " | " + goal
    )
    fflush(nil)  // each figure appears when measured, also when make bench pipes the output through tee
}

/// Runs psql on a script file; returns its wall time in ms.
func runPSQL(_ script: String) throws -> Double {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("ci-bench-\(UUID().uuidString).sql")
    try script.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [psql, databaseURL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file.path]
    let start = ContinuousClock.now
    try process.run()
    process.waitUntilExit()
    let elapsed = ContinuousClock.now - start
    guard process.terminationStatus == 0 else { throw BenchFailure(description: "psql failed (exit \(process.terminationStatus))") }
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

/// Runs one query with psql and returns its single value as text.
func psqlValue(_ query: String) throws -> String {
    let output = Pipe()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [psql, databaseURL, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", query]
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchFailure(description: "psql failed (exit \(process.terminationStatus))") }
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
}

func csv(_ count: Int, prefix: String) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count * (prefix.utf8.count + 9))
    for index in 0..<count { bytes.append(contentsOf: "\(prefix)\(index)\n".utf8) }
    return bytes
}

func ms(_ value: Double) -> String { String(format: "%.1f ms", value) }

let keys = JWTKeyCollection()
await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
let token = try await keys.sign(Claims(sub: "bench", exp: ExpirationClaim(value: Date().addingTimeInterval(3600)), roles: ["supreme"]))
let http = BenchHTTP(base: gateway, token: token)
let runId = String(UUID().uuidString.prefix(6)).lowercased()
var failed = false

do {
    // The service migrates at start-up; wait until it says its database is ready.
    var ready = false
    for _ in 0..<300 where !ready {
        if let (status, body) = try? await http.send(.GET, "/api/health/code-inventory"), status == 200, body["databaseReachable"] as? Bool == true {
            ready = true
        } else {
            try await Task.sleep(for: .milliseconds(200))
        }
    }
    guard ready else { throw BenchFailure(description: "code-inventory never became ready") }

    print(
        "figure".padding(toLength: 44, withPad: " ", startingAt: 0) + " | " + "measured".padding(toLength: 30, withPad: " ", startingAt: 0)
            + " | " + "reference (same run)".padding(toLength: 30, withPad: " ", startingAt: 0) + " | goal"
    )

    // 1. Import 50,000 codes: gateway (text/csv) vs psql \copy into a temp table + INSERT … ON CONFLICT
    //    into an equivalent table (same migration, schema ci_bench), same file; median of runs.
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("ci-bench-50k-\(runId).csv")
    let body = csv(50_000, prefix: "IMP-\(runId)-")
    try Data(body).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    var isDirectory: ObjCBool = false
    _ = FileManager.default.fileExists(atPath: migration, isDirectory: &isDirectory)
    let ddlFiles =
        isDirectory.boolValue
        ? try FileManager.default.contentsOfDirectory(atPath: migration).filter { $0.hasSuffix(".sql") }.sorted().map { migration + "/" + $0 }
        : [migration]
    let ddl = try ddlFiles.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n")
    _ = try runPSQL("DROP SCHEMA IF EXISTS ci_bench CASCADE; CREATE SCHEMA ci_bench; SET search_path TO ci_bench;\n\(ddl)")
    var viaGateway: [Double] = []
    var viaPSQL: [Double] = []
    for run in 0..<importRuns {
        var reply: (Int, [String: Any]) = (0, [:])
        viaGateway.append(
            try await Stopwatch.milliseconds {
                reply = try await http.send(.POST, "/api/campaigns/imp-\(runId)-\(run)/codes?type=tm", contentType: "text/csv", body: body)
            }
        )
        guard reply.0 == 200, reply.1["inserted"] as? Int == 50_000 else { throw BenchFailure(description: "import failed: \(reply)") }
        viaPSQL.append(
            try runPSQL(
                """
                SET search_path TO ci_bench;
                CREATE TEMP TABLE import_batch (code text NOT NULL);
                \\copy import_batch (code) FROM '\(file.path)' WITH (FORMAT csv)
                INSERT INTO codes (campaign_id, code, type, seq) SELECT 'ref-\(run)', code, 'tm', row_number() OVER () FROM import_batch ON CONFLICT DO NOTHING;
                """
            )
        )
    }
    let ratio = Stopwatch.median(viaGateway) / Stopwatch.median(viaPSQL)
    line(
        "import 50k-code CSV via gateway (median \(importRuns))",
        ms(Stopwatch.median(viaGateway)),
        "psql \\copy+INSERT " + ms(Stopwatch.median(viaPSQL)),
        String(format: "<= 1.5x psql: %.2fx (%@)", ratio, ratio <= 1.5 ? "met" : "NOT met")
    )
    _ = try runPSQL("DROP SCHEMA IF EXISTS ci_bench CASCADE;")

    // 2. 1,000,000 codes in a campaign, uploaded through the gateway: one for the HTTP reserve
    //    run and the counts, one for each bus run. A fast host reserves over 600,000 codes in a
    //    5 s bus run, so two runs sharing a campaign could exhaust it.
    func importCodes(campaign: String) async throws -> Double {
        let codes = csv(reserveTotal, prefix: "\(campaign)-")
        let start = ContinuousClock.now
        let bulk = try await http.send(.POST, "/api/campaigns/\(campaign)/codes?type=tm", contentType: "text/csv", body: codes)
        let bulkMs = Double((ContinuousClock.now - start) / .microseconds(1)) / 1000
        guard bulk.0 == 200, bulk.1["inserted"] as? Int == reserveTotal else { throw BenchFailure(description: "bulk import failed: \(bulk)") }
        return bulkMs
    }
    let campaign = "res-\(runId)"
    let busCampaign = "bus-\(runId)"
    let swiftCampaign = "swift-\(runId)"
    let bulkMs = try await importCodes(campaign: campaign)
    _ = try await importCodes(campaign: busCampaign)
    _ = try await importCodes(campaign: swiftCampaign)
    line(
        "import \(reserveTotal) codes via gateway",
        String(format: "%.1f s (%.0f codes/s)", bulkMs / 1000, Double(reserveTotal) / bulkMs * 1000),
        "-",
        "info"
    )
    // As pgbench does before its runs: otherwise the autovacuum these imports trigger (~25 s on
    // code_inventory.codes, measured) can start inside one of the timed runs below.
    _ = try runPSQL("VACUUM ANALYZE code_inventory.codes; VACUUM ANALYZE code_inventory.reservations;")

    // 3. Reserve: 32 concurrent closed-loop reservers × 10 codes, after a warm-up, three ways:
    //    through the gateway (wrk), over the bus from C (nn_reserve: the service's own latency,
    //    the load generator as light as wrk) and over the bus from Swift (RPCClient, as other
    //    services call it). Every reply is checked: all succeed, 10 codes each, no code twice.
    for _ in 0..<reservers { _ = try await http.send(.GET, "/api/campaigns/\(campaign)/reserve?type=tm&count=10") }
    let busURL = ProcessInfo.processInfo.environment["CODE_INVENTORY_RPC_URL"] ?? "tcp://127.0.0.1:7102"
    let seconds = Double(reserveDuration.trimmingCharacters(in: .letters)) ?? 5
    let reserveViaGateway = try WrkLoad(connections: reservers, threads: wrkThreads, duration: reserveDuration)
        .run(url: gateway + "/api/campaigns/\(campaign)/reserve?type=tm&count=10", token: token)
    var loads: [(name: String, reference: String, outcome: ReserveLoadOutcome)] = [("reserve", "wrk, gateway", reserveViaGateway)]
    if let cClient {
        _ = try CBusLoad(executable: cClient, reservers: reservers, seconds: 1).run(url: busURL, campaign: busCampaign)  // warm-up
        loads.append(
            (
                "reserve, bus, C client", "nn_reserve",
                try CBusLoad(executable: cClient, reservers: reservers, seconds: seconds).run(url: busURL, campaign: busCampaign)
            )
        )
    }
    _ = try await BusLoad(reservers: reservers, seconds: 1).run(url: busURL, campaign: swiftCampaign)  // warm-up
    loads.append(
        (
            "reserve, bus, Swift client", "RPCClient",
            try await BusLoad(reservers: reservers, seconds: seconds).run(url: busURL, campaign: swiftCampaign)
        )
    )
    var busCodes = Set<String>()
    for (name, reference, load) in loads {
        let duplicates = load.duplicates(after: name == "reserve" ? [] : busCodes)
        if name != "reserve" { busCodes.formUnion(load.codes) }
        line("\(name) p50", ms(load.p50Ms), "\(load.requests) requests, " + reference, "")
        line(
            "\(name) p95",
            ms(load.p95Ms),
            name == "reserve" ? "original system: p95 < 500 ms" : "",
            load.p95Ms <= 10 ? "<= 10 ms (met)" : "<= 10 ms (NOT met)"
        )
        line("\(name) p99", ms(load.p99Ms), "", "")
        line("\(name) duplicates", "\(duplicates) of \(load.codes.count) codes", "", duplicates == 0 ? "0 (met)" : "0 (NOT met)")
        if duplicates != 0 || load.failures != 0 {
            print("\(name): \(load.failures) of \(load.requests) calls failed or got fewer than 10 codes")
            failed = true
        }
    }
    let handedOut = reserveViaGateway.codes

    // 4. Count with 1,000,000 codes in the campaign.
    var countLatencies: [Double] = []
    var lastCount: [String: Any] = [:]
    for _ in 0..<countRequests {
        countLatencies.append(
            try await Stopwatch.milliseconds {
                let reply = try await http.send(.GET, "/api/campaigns/\(campaign)/codes/count")
                guard reply.0 == 200 else { throw BenchFailure(description: "count answered \(reply.0)") }
                lastCount = reply.1
            }
        )
    }
    let countP95 = Stopwatch.percentile(countLatencies, 95)
    let tm = lastCount["tm"] as? [String: Int] ?? [:]
    // wrk stops with requests in flight that the service still completes: compare with the rows.
    let stored = try psqlValue("SELECT count(*) FROM code_inventory.code_states WHERE campaign_id = '\(campaign)' AND state = 'reserved'")
    let exact =
        tm["reserved"].map(String.init) == stored && handedOut.count + reservers * 10 <= tm["reserved"] ?? 0
        && tm["available"] == reserveTotal - (tm["reserved"] ?? 0)
    line(
        "count p95 (1M codes)",
        ms(countP95),
        "p50 " + ms(Stopwatch.percentile(countLatencies, 50)),
        (countP95 <= 5 ? "<= 5 ms (met)" : "<= 5 ms (NOT met)") + (exact ? ", counts exact" : ", counts WRONG \(tm)")
    )
    if !exact { failed = true }
} catch {
    print("code-inventory-bench FAILED: \(error)")
    failed = true
}
await http.shutdown()
exit(failed ? 1 : 0)
