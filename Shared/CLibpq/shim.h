/* libpq for Swift: the client header plus the diagnostic field codes the importer drops. */
#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
#include <libpq-fe.h>
static const int cpq_diag_sqlstate = 'C';
static const int cpq_diag_message_primary = 'M';
static const int cpq_diag_message_detail = 'D';
static const int cpq_diag_constraint_name = 'n';
static const int cpq_diag_column_name = 'c';
#endif
