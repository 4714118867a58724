/// Lets `Row.decode(_:as: T?.self)` return `nil` for NULL instead of throwing.
protocol SQLNullRepresentable {
    static var sqlNull: Self { get }
}
