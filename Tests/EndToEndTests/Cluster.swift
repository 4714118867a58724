import Foundation
import TestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real executables (five services and the gateway) started from `.build/debug` on ports of their own.
final class Cluster: @unchecked Sendable {
    static let services = ["loyalty", "code-inventory", "claimer", "markets", "scheduler"]
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let gatewayPort: Int
    let environment: [String: String]
    let logDirectory: URL
    private(set) var processes: [String: Process] = [:]

    /// `base` picks a block of ports so two clusters (or a running `make run`) never collide.
    init(base: Int, databaseURL: String, extra: [String: String] = [:]) throws {
        gatewayPort = base
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = databaseURL
        env["GATEWAY_PORT"] = String(base)
        env["GATEWAY_HOST"] = "127.0.0.1"
        env["JWT_SECRET"] = "e2e-secret-0123456789-0123456789-abcdef"
        env["LOG_LEVEL"] = "info"
        env["CLAIMER_ENCRYPTION_KEY"] = "e2e:" + Data(repeating: 3, count: 32).base64EncodedString()
        for (index, service) in Self.services.enumerated() {
            let prefix = service.uppercased().replacingOccurrences(of: "-", with: "_")
            env["\(prefix)_RPC_URL"] = "tcp://127.0.0.1:\(base + 1 + index)"
            env["\(prefix)_EVENTS_URL"] = "tcp://127.0.0.1:\(base + 11 + index)"
            env["\(prefix)_HTTP_ADDRESS"] = "127.0.0.1:\(Self.httpPort(base: base, service: service))"
        }
        env.merge(extra) { _, new in new }
        environment = env
        logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(base)-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
    }

    /// The probe and metrics port of `service` in the cluster at `base`.
    static func httpPort(base: Int, service: String) -> Int {
        base + 21 + (services.firstIndex(of: service) ?? 0)
    }

    /// GET on a service's own HTTP port: status, content type and body.
    func getService(_ service: String, _ path: String) async throws -> (Int, String?, String) {
        let url = URL(string: "http://127.0.0.1:\(Self.httpPort(base: gatewayPort, service: service))\(path)")!
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Content-Type"), String(decoding: data, as: UTF8.self))
    }

    static func binary(_ name: String) throws -> URL {
        let url = root.appendingPathComponent(".build/debug/\(name)")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw NSError(
                domain: "e2e",
                code: 1,
                userInfo: [NSLocalizedDescriptionKey: "\(url.path) is missing: run `swift build` first (make test does)"]
            )
        }
        return url
    }

    deinit {
        // A failed assertion must not leave executables running (they hold the test's ports).
        for process in processes.values where process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Starts one executable; `extra` adds environment of its own (a pos-agent's store and directory).
    /// `binary` runs another executable under `name` (a second replica of a service).
    func start(_ name: String, binary: String? = nil, extra: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = try Self.binary(binary ?? name)
        process.environment = environment.merging(extra) { _, new in new }
        let log = logDirectory.appendingPathComponent("\(name).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes[name] = process
    }

    func startAll() throws {
        for service in Self.services { try start(service) }
        try start("gateway")
    }

    /// Sends SIGTERM and waits (bounded) for the exit; returns the exit status.
    @discardableResult
    func stop(_ name: String) async -> Int32? {
        guard let process = processes.removeValue(forKey: name) else { return nil }
        process.terminate()
        for _ in 0..<200 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    /// SIGKILL: the process dies mid-work, as on a crash.
    func crash(_ name: String) {
        guard let process = processes.removeValue(forKey: name) else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stopAll() async {
        for name in Array(processes.keys) { await stop(name) }
    }

    func log(_ name: String) -> String {
        (try? String(contentsOf: logDirectory.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
    }

    /// GET on the gateway: status and body.
    func get(_ path: String) async throws -> (Int, [String: Any]) {
        let url = URL(string: "http://127.0.0.1:\(gatewayPort)\(path)")!
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    /// Polls `/readyz?strict=1` (200 only when every service is healthy) until `accept` holds for
    /// its answer (bounded), returning the last answer.
    func waitForReadiness(tries: Int = 150, _ accept: (Int, [String: Any]) -> Bool) async -> (Int, [String: Any])? {
        var last: (Int, [String: Any])?
        for _ in 0..<tries {
            if let answer = try? await get("/readyz?strict=1") {
                last = answer
                if accept(answer.0, answer.1) { return answer }
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return last
    }
}

/// Makes a cluster, runs `body` with it and stops every executable still running (SIGTERM, a
/// bounded wait, then SIGKILL), also when `body` throws.
@discardableResult
func withCluster<Result>(
    base: Int,
    databaseURL: String,
    extra: [String: String] = [:],
    _ body: (Cluster) async throws -> Result
) async throws -> Result {
    try await withStarted(try Cluster(base: base, databaseURL: databaseURL, extra: extra), stop: { await $0.stopAll() }, body)
}
