import Markets
import ServiceKit

await ServiceMain.run(MarketsService.definition)
