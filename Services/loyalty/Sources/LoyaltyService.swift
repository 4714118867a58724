import Foundation
import ServiceKit

/// The loyalty service: its migrations, methods and jobs.
public enum LoyaltyService {
    public static let name = "loyalty"

    public static var definition: ServiceDefinition {
        ServiceDefinition(name: name, migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil))
    }
}
