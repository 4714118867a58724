/// What libpq needs to open a connection: the URL (or key=value string) plus optional overrides.
struct ConnectionConfig: Sendable {
    var url: String
    var user: String?
    var password: String?

    /// Keyword/value pairs for `PQconnectdbParams` with `expand_dbname = 1`. libpq lets later entries
    /// win, so defaults come before the URL (which may override them) and forced settings after it.
    var parameters: [(String, String)] {
        var parameters: [(String, String)] = [
            // Without a timeout an unreachable host would hold a pool slot for minutes.
            ("connect_timeout", "10"),
            ("dbname", url),
        ]
        if let user { parameters.append(("user", user)) }
        if let password { parameters.append(("password", password)) }
        // Swift strings are UTF-8; any other client encoding would corrupt text both ways.
        parameters.append(("client_encoding", "UTF8"))
        return parameters
    }
}
