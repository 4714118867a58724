import Store

/// SQLSTATEs that mean something in betting's words.
enum BettingStoreErrors {
    /// Runs `body`, turning constraint failures the checks before them should have prevented into refusals.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError where error.kind == .checkViolation && error.constraint == "credit_transactions_debt_only_by_clawback" {
            // The conditional debit makes this unreachable; the CHECK is the last word if code ever goes wrong.
            throw BettingError.insufficientCredits(available: 0, requested: 0)
        }
    }
}
