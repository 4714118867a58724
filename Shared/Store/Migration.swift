import Foundation

/// One versioned SQL migration of a schema, as loaded from a file `NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    /// The script; may hold several statements but must not manage transactions itself.
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Loads every `NNNN_name.sql` file of `directory`, sorted by version.
    ///
    /// Files not ending in `.sql` are ignored (READMEs, editor files); a `.sql` file with another name
    /// shape, or two files with the same version, is an error rather than a silently skipped migration.
    public static func load(directory: URL) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        var migrations: [Migration] = []
        for file in files where file.pathExtension == "sql" {
            let fileName = file.lastPathComponent
            guard let (version, name) = parse(fileName: fileName) else {
                throw StoreError(
                    kind: .invalidInput,
                    message: "migration file \"\(fileName)\" is not named NNNN_name.sql"
                )
            }
            let sql = try String(contentsOf: file, encoding: .utf8)
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        try validate(migrations)
        return migrations
    }

    /// Rejects duplicate versions and versions outside the `int` column's range.
    static func validate(_ migrations: [Migration]) throws {
        var seen = Set<Int>()
        for migration in migrations {
            guard migration.version > 0, migration.version <= Int(Int32.max) else {
                throw StoreError(kind: .invalidInput, message: "migration version \(migration.version) is out of range")
            }
            guard seen.insert(migration.version).inserted else {
                throw StoreError(kind: .invalidInput, message: "duplicate migration version \(migration.version)")
            }
        }
    }

    /// `0001_create_accounts.sql` → (1, "create_accounts").
    static func parse(fileName: String) -> (Int, String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        let nameCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            !name.isEmpty, name.unicodeScalars.allSatisfy({ nameCharacters.contains($0) }),
            let version = Int(digits)
        else { return nil }
        return (version, String(name))
    }
}
