import Foundation
import ServiceKit

/// The claimer service: its migrations, methods and jobs.
public enum ClaimerService {
    public static let name = "claimer"

    public static var definition: ServiceDefinition {
        ServiceDefinition(name: name, migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil))
    }
}
