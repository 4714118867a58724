import Foundation
import TestSupport

/// A Postgres cluster of the test's own, driven through `infra/pg.sh`.
final class ThrowawayPostgres: @unchecked Sendable {
    let script: PgScript
    let port: Int
    let directory: String

    init(port: Int) throws {
        self.port = port
        script = PgScript(path: Cluster.root.appendingPathComponent("infra/pg.sh").path)
        directory = "/tmp/pg-e2e-\(port)-\(UUID().uuidString.prefix(6))"
        try script.run(["init", directory, String(port)])
    }

    func start() throws { try script.run(["start", directory, String(port)]) }

    func destroy() { try? script.run(["destroy", directory]) }
}
