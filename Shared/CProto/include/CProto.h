/* Umbrella header of the protoc-c output (written by proto/gen-registry.sh; make proto). */
#include "code_inventory.pb-c.h"
#include "common.pb-c.h"
#include "events.pb-c.h"
#include "loyalty.pb-c.h"
#include "markets.pb-c.h"
#include "markets_discipline.pb-c.h"
#include "markets_economy.pb-c.h"
#include "registry.h"
