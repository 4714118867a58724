/// The statements one session has prepared, by SQL text, so a statement that runs again skips
/// Postgres' parse and analysis (a third to two thirds of a short OLTP statement's server time).
///
/// A text is prepared the second time it runs, so one-off statements (a VALUES list of a new
/// length, a migration) never cost the extra round trip. At most `capacity` statements stay
/// prepared per session; later texts run unnamed. Only used while the connection's lock is held.
struct StatementCache {
    enum Plan: Equatable {
        /// Run it as a one-off (unnamed) statement.
        case unnamed
        /// Prepare it under this name, then run it.
        case prepare(String)
        /// It is prepared under this name.
        case prepared(String)
    }

    let capacity: Int
    let prepareAfter: Int
    private var names: [String: String] = [:]
    private var runs: [String: Int] = [:]
    private var lastNumber = 0

    init(capacity: Int = 256, prepareAfter: Int = 2) {
        precondition(capacity >= 0 && prepareAfter > 0, "invalid statement cache limits")
        self.capacity = capacity
        self.prepareAfter = prepareAfter
    }

    var count: Int { names.count }

    /// How to run `text` this time (counts the run).
    mutating func plan(for text: String) -> Plan {
        if let name = names[text] { return .prepared(name) }
        guard names.count < capacity else { return .unnamed }
        let seen = runs[text, default: 0] + 1
        guard seen >= prepareAfter else {
            // Bounded memory: texts that never repeat are forgotten in bulk.
            if runs.count >= 4 * max(capacity, 1) { runs.removeAll(keepingCapacity: true) }
            runs[text] = seen
            return .unnamed
        }
        runs[text] = nil
        lastNumber += 1
        return .prepare("s\(lastNumber)")
    }

    /// The server accepted the statement under `name`.
    mutating func prepared(_ text: String, as name: String) {
        names[text] = name
    }

    /// The server no longer knows `text`'s statement, or its result shape changed.
    mutating func forget(_ text: String) {
        names[text] = nil
    }

    /// The session ended: the server dropped every prepared statement with it.
    mutating func removeAll() {
        names.removeAll()
        runs.removeAll()
    }
}
