import Foundation

/// `infra/pg.sh`, run to completion: it runs Postgres as user postgres when we are root and closes
/// inherited descriptors, so `waitUntilExit` returns once the cluster is up or down.
public struct PgScript: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Runs `pg.sh <arguments>` quietly; a non-zero exit throws naming the command.
    public func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [path] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(
                domain: "postgres",
                code: Int(process.terminationStatus),
                userInfo: [NSLocalizedDescriptionKey: "infra/pg.sh \(arguments.joined(separator: " ")) failed"]
            )
        }
    }
}
