/* protobuf-c for Swift: the runtime header plus constants the importer drops. */
#ifndef CPROTOBUFC_SHIM_H
#define CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
