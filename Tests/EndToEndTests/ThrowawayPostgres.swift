import Foundation

/// A Postgres cluster of the test's own, driven through `infra/pg.sh` (which runs Postgres as
/// user postgres when we are root and closes inherited descriptors, so `waitUntilExit` returns).
final class ThrowawayPostgres: @unchecked Sendable {
    let script: URL
    let port: Int
    let directory: String

    init(port: Int) throws {
        self.port = port
        script = Cluster.root.appendingPathComponent("infra/pg.sh")
        directory = "/tmp/pg-e2e-\(port)-\(UUID().uuidString.prefix(6))"
        try run(["init", directory, String(port)])
    }

    func start() throws { try run(["start", directory, String(port)]) }

    func destroy() { try? run(["destroy", directory]) }

    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "postgres", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "infra/pg.sh \(arguments.joined(separator: " ")) failed"])
        }
    }
}
