import Store

/// SQLSTATEs that mean something in this service's words.
enum StoreErrors {
    /// Runs `body`, turning constraint failures the rules should have prevented into domain refusals.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError where error.kind == .foreignKeyViolation && (error.constraint ?? "").contains("store_id") {
            throw LoyaltyError.invalid("storeId", "no such store")
        } catch let error as StoreError where error.kind == .checkViolation && error.constraint == "customers_balance_non_negative" {
            // The row lock makes this unreachable; the CHECK is the last word if code ever goes wrong.
            throw LoyaltyError.insufficientBalance(available: 0, requested: 0)
        }
    }
}
