/// Creates a service's own Postgres role and schema (owned by that role) so the service can touch only its own schema.
public struct RoleProvisioner: Sendable {
    /// Creates (or updates) `role` with a login password, lets it connect to the current database, and
    /// gives it `schema` as owner, with nothing granted to PUBLIC on that schema. The role's default
    /// `search_path` is set to its schema. Idempotent; concurrent runs from several processes serialise
    /// on a transaction-level advisory lock (concurrent GRANTs on one database would otherwise fail
    /// with "tuple concurrently updated").
    ///
    /// `adminPool` must connect as a superuser (or a role that can create roles and schemas for them).
    public static func provision(adminPool: ConnectionPool, schema: String, role: String, password: String) async throws {
        try validateName(schema, what: "schema")
        try validateName(role, what: "role")
        guard !password.isEmpty, !password.utf8.contains(0) else {
            throw StoreError(kind: .invalidInput, message: "role password must be non-empty and contain no NUL byte")
        }
        try await adminPool.transaction { transaction in
            try await transaction.execute("SELECT pg_advisory_xact_lock(\(lockKey.0), \(lockKey.1))")

            // CREATE/ALTER ROLE take no bind parameters. Send a SCRAM verifier computed by libpq rather
            // than the password itself (it never appears in server logs), quoted as a literal.
            let verifier = try await transaction.connection.encryptPassword(password, user: role)
            let exists = try await transaction.query("SELECT 1 FROM pg_roles WHERE rolname = \(role)")
            var setPassword: SQL =
                exists.isEmpty
                ? "CREATE ROLE \(identifier: role) LOGIN PASSWORD \(unsafeRaw: SQLQuoting.literal(verifier))"
                : "ALTER ROLE \(identifier: role) WITH LOGIN PASSWORD \(unsafeRaw: SQLQuoting.literal(verifier))"
            setPassword.isSensitive = true
            try await transaction.execute(setPassword)

            let database = try await transaction.query("SELECT current_database() AS name").first?.decode("name", as: String.self)
            try await transaction.execute("GRANT CONNECT ON DATABASE \(identifier: database ?? "postgres") TO \(identifier: role)")

            let schemaExists = try await transaction.query("SELECT 1 FROM pg_namespace WHERE nspname = \(schema)")
            if schemaExists.isEmpty {
                try await transaction.execute("CREATE SCHEMA \(identifier: schema) AUTHORIZATION \(identifier: role)")
            }
            try await transaction.execute("ALTER SCHEMA \(identifier: schema) OWNER TO \(identifier: role)")
            try await transaction.execute("REVOKE ALL ON SCHEMA \(identifier: schema) FROM PUBLIC")
            try await transaction.execute("ALTER ROLE \(identifier: role) SET search_path TO \(identifier: schema)")
        }
        adminPool.logger.info("provisioned database role", metadata: ["role": "\(role)", "schema": "\(schema)"])
    }

    /// Advisory lock key (two-int form, so it cannot collide with `Migrator`'s single-bigint keys).
    static let lockKey: (Int32, Int32) = (0x5354_4F52, 0x524F_4C45)

    /// Postgres silently truncates names over 63 bytes; that would provision a different name than asked.
    static func validateName(_ name: String, what: String) throws {
        guard !name.isEmpty, name.utf8.count <= 63, !name.utf8.contains(0) else {
            throw StoreError(kind: .invalidInput, message: "\(what) name must be 1 to 63 bytes without NUL")
        }
    }
}
