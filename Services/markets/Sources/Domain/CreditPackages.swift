import Contracts

/// The predefined credit packages (prices in US cents).
public enum CreditPackages {
    public static let all: [CreditPackage] = [
        package("starter", "Starter", credits: 1_000, cents: 99),
        package("popular", "Popular", credits: 5_500, cents: 499),
        package("pro", "Pro", credits: 12_000, cents: 999),
        package("whale", "Whale", credits: 65_000, cents: 4_999),
    ]

    public static func find(_ id: String) -> CreditPackage? { all.first { $0.id == id } }

    private static func package(_ id: String, _ name: String, credits: Int32, cents: Int32) -> CreditPackage {
        CreditPackage(
            id: id,
            name: name,
            credits: credits,
            priceCents: cents,
            price: "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)",
            currency: "USD"
        )
    }
}
