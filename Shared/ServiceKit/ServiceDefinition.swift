import Bus
import Foundation

/// What makes one service: its name, its migrations, its methods and its jobs.
public struct ServiceDefinition: Sendable {
    public var name: String
    /// Folder of `NNNN_name.sql` files (usually `Bundle.module`'s `Migrations`).
    public var migrationsDirectory: URL?
    /// Registers the service's own methods once the runtime exists.
    public var register: @Sendable (ServiceRuntime) -> Void
    public var jobs: [Job]

    public init(name: String, migrationsDirectory: URL?, jobs: [Job] = [],
                register: @escaping @Sendable (ServiceRuntime) -> Void = { _ in }) {
        self.name = name
        self.migrationsDirectory = migrationsDirectory
        self.jobs = jobs
        self.register = register
    }
}
