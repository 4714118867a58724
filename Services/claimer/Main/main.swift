import Claimer
import ServiceKit

await ServiceMain.run(ClaimerService.definition)
