import Bus
import Foundation
import ServiceLifecycle

/// What makes one service: its name, its migrations, its methods and its jobs.
public struct ServiceDefinition: Sendable {
    public var name: String
    /// Folder of `NNNN_name.sql` files (usually `Bundle.module`'s `Migrations`).
    public var migrationsDirectory: URL?
    /// Registers the service's own methods once the runtime exists.
    public var register: @Sendable (ServiceRuntime) -> Void
    public var jobs: [Job]
    /// Long-running pieces of the service's own (workers, tickers), started after the RPC server.
    /// They start before the database is migrated: wait with `runtime.database.waitUntilReady()`.
    public var background: @Sendable (ServiceRuntime) -> [any Service]

    public init(
        name: String,
        migrationsDirectory: URL?,
        jobs: [Job] = [],
        register: @escaping @Sendable (ServiceRuntime) -> Void = { _ in },
        background: @escaping @Sendable (ServiceRuntime) -> [any Service] = { _ in [] }
    ) {
        self.name = name
        self.migrationsDirectory = migrationsDirectory
        self.jobs = jobs
        self.register = register
        self.background = background
    }
}
