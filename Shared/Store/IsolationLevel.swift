/// The transaction isolation levels Postgres implements (READ UNCOMMITTED behaves as READ COMMITTED).
public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}
