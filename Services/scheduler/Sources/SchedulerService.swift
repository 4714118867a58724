import Foundation
import ServiceKit

/// The scheduler service: its migrations, methods and jobs.
public enum SchedulerService {
    public static let name = "scheduler"

    public static var definition: ServiceDefinition {
        ServiceDefinition(name: name, migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil))
    }
}
