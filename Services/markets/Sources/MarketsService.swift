import Foundation
import ServiceKit

/// The markets service: its migrations, methods and jobs.
public enum MarketsService {
    public static let name = "markets"

    public static var definition: ServiceDefinition {
        ServiceDefinition(name: name, migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil))
    }
}
