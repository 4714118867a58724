extension SQL {
    /// Whether the statement is a plain `SELECT` (no locking clause), which changes nothing and
    /// may therefore run again after its connection was lost under it.
    var isPlainRead: Bool {
        guard case .raw(let first)? = fragments.first else { return false }
        let head = first.drop(while: { $0.isWhitespace }).prefix(7).uppercased()
        guard head == "SELECT " || head == "SELECT\n" else { return false }
        let text = self.text.uppercased()
        return !text.contains(" FOR UPDATE") && !text.contains(" FOR SHARE") && !text.contains("NEXTVAL(")
            && !text.contains(" FOR NO KEY UPDATE") && !text.contains(" FOR KEY SHARE")
    }
}
