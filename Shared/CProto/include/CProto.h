/* Umbrella header for the protoc-c output of proto/ (regenerate with `make proto`). */
#include "common.pb-c.h"
#include "events.pb-c.h"
