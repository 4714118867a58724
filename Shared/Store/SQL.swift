/// SQL text with bound parameters built by string interpolation: "\(value)" becomes $n and the value is bound, never spliced.
///
/// `text` and `binds` are read-only from outside: placeholders are tracked as fragments so that
/// `+` and nested interpolation can renumber exactly the placeholders this type created, and never
/// touch a `$1` that happens to appear inside a quoted literal of the SQL itself.
public struct SQL: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    /// The statement text with `$1`, `$2`, … placeholders, rendered when read: statements are
    /// built from nested pieces (rows, CTEs), and only the outermost one is ever sent.
    public var text: String { SQL.render(fragments) }
    /// Text-format parameter values, `nil` meaning SQL NULL; `binds[0]` is `$1`.
    public private(set) var binds: [String?]

    /// Raw text or a reference to `binds[index]`.
    enum Fragment: Sendable {
        case raw(String)
        case parameter(Int)
    }

    private(set) var fragments: [Fragment]

    /// Set for statements whose raw text embeds secrets (role passwords): logs show no text at all.
    var isSensitive = false

    init(fragments: [Fragment], binds: [String?]) {
        self.fragments = fragments
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(fragments: [.raw(value)], binds: [])
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(fragments: stringInterpolation.fragments, binds: stringInterpolation.binds)
    }

    /// The text with every parameter value replaced by `<redacted>` (NULLs shown as NULL), safe for logs.
    public var description: String {
        if isSensitive { return "<statement redacted: contains credentials>" }
        guard !binds.isEmpty else { return text }
        let values = binds.indices.map { "$\($0 + 1)=\(binds[$0] == nil ? "NULL" : "<redacted>")" }
        return "\(text) [\(values.joined(separator: ", "))]"
    }

    /// Concatenates two statements; the placeholders of `rhs` are renumbered after those of `lhs`.
    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        let offset = lhs.binds.count
        var result = SQL(
            fragments: lhs.fragments + rhs.fragments.map { $0.shifted(by: offset) },
            binds: lhs.binds + rhs.binds
        )
        result.isSensitive = lhs.isSensitive || rhs.isSensitive
        return result
    }

    /// Appends `other` in place, renumbering its placeholders.
    public static func += (lhs: inout SQL, rhs: SQL) {
        lhs = lhs + rhs
    }

    private static func render(_ fragments: [Fragment]) -> String {
        var capacity = 0
        for fragment in fragments {
            switch fragment {
            case .raw(let raw): capacity += raw.utf8.count
            case .parameter: capacity += 6
            }
        }
        var text = ""
        text.reserveCapacity(capacity)
        for fragment in fragments {
            switch fragment {
            case .raw(let raw): text += raw
            case .parameter(let index):
                text += "$"
                text += String(index + 1)
            }
        }
        return text
    }
}

extension SQL.Fragment {
    func shifted(by offset: Int) -> SQL.Fragment {
        switch self {
        case .raw: return self
        case .parameter(let index): return .parameter(index + offset)
        }
    }
}
