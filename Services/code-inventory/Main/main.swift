import CodeInventory
import ServiceKit

await ServiceMain.run(CodeInventoryService.definition)
