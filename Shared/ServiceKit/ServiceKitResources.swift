import Foundation

/// Files shipped with ServiceKit.
enum ServiceKitResources {
    /// The platform's own tables (outbox, inbox, idempotency) that every service schema gets.
    static var platformMigrations: URL {
        Bundle.module.url(forResource: "Migrations", withExtension: nil)!
    }
}
