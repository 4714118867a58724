internal import CLibpq

extension Connection {
    /// The SCRAM-SHA-256 verifier libpq computes for `password` (what `\password` in psql sends).
    func encryptPassword(_ password: String, user: String) async throws -> String {
        try await run { handle in
            guard let encrypted = PQencryptPasswordConn(handle, password, user, "scram-sha-256") else {
                throw StoreError(kind: .other, message: LibpqResult.errorMessage(handle))
            }
            defer { PQfreemem(encrypted) }
            return String(cString: encrypted)
        }
    }
}
