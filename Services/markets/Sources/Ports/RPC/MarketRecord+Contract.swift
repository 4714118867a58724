import Contracts
import ServiceKit

extension MarketRecord {
    /// The API's market: ids in lowercase, prices shown as numbers next to their exact micros.
    var contract: Market {
        Market(
            id: id.lowercasedString,
            question: question,
            category: category,
            status: status,
            outcomes: currentOutcomes.map(\.contract),
            closeTime: closeTime.map(Timestamps.format) ?? "",
            source: source,
            slug: slug,
            externalId: externalId ?? "",
            volume: volume,
            liquidity: liquidity,
            resolvedOutcome: resolvedOutcome ?? "",
            updatedAt: Timestamps.format(updatedAt),
            resolutionProbabilityMicros: Int32(resolutionMicros ?? 0)
        )
    }
}

extension OutcomeRecord {
    var contract: Outcome {
        Outcome(name: name, price: PriceMicros.display(priceMicros), priceMicros: Int32(priceMicros))
    }
}
