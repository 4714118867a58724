import Foundation
import ServiceKit

/// The code-inventory service: its migrations, methods and jobs.
public enum CodeInventoryService {
    public static let name = "code-inventory"

    public static var definition: ServiceDefinition {
        ServiceDefinition(name: name, migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil))
    }
}
