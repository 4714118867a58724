/// A service started with its own role's URL found migrations it ships not yet applied to its schema.
///
/// The service does not migrate in that mode (its `migrate` Job or init step does), so it keeps
/// waiting: `DatabaseBootstrap` logs this and retries.
struct SchemaNotMigrated: Error, CustomStringConvertible {
    let service: String
    let schema: String
    let platform: [Int]
    let own: [Int]

    var description: String {
        "schema \(schema) lacks migrations (platform \(platform), \(service) \(own)): run `\(service) migrate` with the admin DATABASE_URL"
    }
}
