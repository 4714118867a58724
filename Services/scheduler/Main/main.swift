import Scheduler
import ServiceKit

await ServiceMain.run(SchedulerService.definition)
