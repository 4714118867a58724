import ServiceKit

/// The services a job may name: those with a bus endpoint (`ServiceEndpoints.services`). The check
/// `jobs_service_known` (migration 0002) holds the same list, so no job is stored with another.
enum JobTarget {
    static var known: [String] { ServiceEndpoints.services }

    static func isKnown(_ service: String) -> Bool { known.contains(service) }

    /// `"billing" is not a known service (loyalty, code-inventory, …)`.
    static func unknown(_ service: String) -> String {
        "\"\(service)\" is not a known service (\(known.joined(separator: ", ")))"
    }
}
