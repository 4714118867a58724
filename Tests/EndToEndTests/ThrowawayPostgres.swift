import Foundation

/// A Postgres cluster of the test's own (initdb'd now, removed after), to take up and down at will.
final class ThrowawayPostgres: @unchecked Sendable {
    let bin: URL
    let port: Int
    let directory: URL

    init(bin: URL, port: Int) throws {
        self.bin = bin
        self.port = port
        directory = URL(fileURLWithPath: "/tmp/pg-e2e-\(port)-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.run(["chown", "postgres", directory.path], asPostgres: false) }
        try runAsOwner([bin.appendingPathComponent("initdb").path, "-D", directory.appendingPathComponent("data").path,
                        "-A", "trust", "-U", "postgres", "--encoding=UTF8"])
    }

    func start() throws {
        try runAsOwner([bin.appendingPathComponent("pg_ctl").path, "-D", directory.appendingPathComponent("data").path,
                        "-o", "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1",
                        "-l", directory.appendingPathComponent("log").path, "-w", "start"])
    }

    func destroy() {
        _ = try? runAsOwner([bin.appendingPathComponent("pg_ctl").path, "-D", directory.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    private func runAsOwner(_ arguments: [String]) throws {
        try Self.run(arguments, asPostgres: getuid() == 0)
    }

    /// Postgres refuses to run as root: as root, run through `runuser -u postgres`.
    private static func run(_ arguments: [String], asPostgres: Bool) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: asPostgres ? "/usr/sbin/runuser" : "/usr/bin/env")
        process.arguments = asPostgres ? ["-u", "postgres", "--"] + arguments : arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "postgres", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(arguments.joined(separator: " ")) failed"])
        }
    }
}
