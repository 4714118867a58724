/* nanomsg for Swift: the importer drops nanomsg's function-like and composed macros,
   so the ones we use are re-exported here as constants and small inline helpers. */
#ifndef CNANOMSG_SHIM_H
#define CNANOMSG_SHIM_H
#include <nanomsg/nn.h>
#include <nanomsg/reqrep.h>
#include <nanomsg/bus.h>
#include <nanomsg/tcp.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>

static const int cnn_af_sp = AF_SP;
static const int cnn_af_sp_raw = AF_SP_RAW;
static const int cnn_req = NN_REQ;
static const int cnn_rep = NN_REP;
/* Events use NN_BUS, never NN_PUB/NN_SUB: nanomsg 1.1.5's PUB aborts the process when a peer
   sends it a message (xpub.c:134). See docs/architecture/bus-hardening.md. */
static const int cnn_bus = NN_BUS;
static const int cnn_sol_socket = NN_SOL_SOCKET;
static const int cnn_req_resend_ivl = NN_REQ_RESEND_IVL;
static const int cnn_rcvmaxsize = NN_RCVMAXSIZE;
static const int cnn_rcvtimeo = NN_RCVTIMEO;
static const int cnn_sndtimeo = NN_SNDTIMEO;
static const int cnn_rcvbuf = NN_RCVBUF;
static const int cnn_sndbuf = NN_SNDBUF;
static const int cnn_linger = NN_LINGER;
static const int cnn_tcp_nodelay = NN_TCP_NODELAY;
static const int cnn_dontwait = NN_DONTWAIT;
static const int cnn_tcp = NN_TCP;
static const size_t cnn_msg = NN_MSG;

/* errno values nanomsg reports; ETERM is nanomsg's own and not in errno.h. */
static const int cnn_eagain = EAGAIN;
static const int cnn_etimedout = ETIMEDOUT;
static const int cnn_eintr = EINTR;
static const int cnn_ebadf = EBADF;
static const int cnn_einval = EINVAL;
static const int cnn_eterm = ETERM;

/* Largest SP routing header the helpers carry: 4 bytes per hop, nanomsg's NN_MAXTTL is at most 255. */
#define CNN_MAX_HEADER 1024
static const size_t cnn_max_header = CNN_MAX_HEADER;

/* Receives one message (body as a nanomsg chunk, NN_MSG) and, when header != NULL, its SP
   routing header (raw sockets). nanomsg 1.1.5 lays out the SP_HDR property as
   [size_t length][length bytes]: only those bytes are the routing header.
   Returns the body length (release *body with nn_freemsg) or -1 with nn_errno() set.
   *header_len is the real header length; only min(*header_len, header_cap) bytes are copied,
   so the caller must treat *header_len > header_cap as malformed. */
static inline int cnn_recv_with_header(int s, void **body, void *header, size_t header_cap,
                                       size_t *header_len, int flags) {
    struct nn_msghdr hdr;
    struct nn_iovec iov;
    void *control = NULL;
    *body = NULL;
    if (header_len != NULL) *header_len = 0;
    iov.iov_base = body;
    iov.iov_len = NN_MSG;
    memset(&hdr, 0, sizeof(hdr));
    hdr.msg_iov = &iov;
    hdr.msg_iovlen = 1;
    if (header != NULL) {
        hdr.msg_control = &control;
        hdr.msg_controllen = NN_MSG;
    }
    int rc = nn_recvmsg(s, &hdr, flags);
    if (rc < 0) return rc;
    if (control != NULL) {
        struct nn_cmsghdr *c = NN_CMSG_FIRSTHDR(&hdr);
        while (c != NULL) {
            if (c->cmsg_level == PROTO_SP && c->cmsg_type == SP_HDR) {
                size_t data_len = c->cmsg_len - NN_CMSG_SPACE(0);
                size_t len = 0;
                if (data_len >= sizeof(size_t)) {
                    memcpy(&len, NN_CMSG_DATA(c), sizeof(size_t));
                    if (len > data_len - sizeof(size_t)) len = 0; /* corrupt: report no header */
                }
                if (header_len != NULL) *header_len = len;
                memcpy(header, NN_CMSG_DATA(c) + sizeof(size_t), len < header_cap ? len : header_cap);
                break;
            }
            c = NN_CMSG_NXTHDR(&hdr, c);
        }
        nn_freemsg(control);
    }
    return rc;
}

/* Sends one message (body copied by nanomsg), with an SP routing header when with_header != 0
   (raw sockets), encoded as nanomsg 1.1.5 expects: SP_HDR property = [size_t length][bytes].
   Returns bytes sent or -1 with nn_errno() set. */
static inline int cnn_send_with_header(int s, const void *body, size_t body_len, int with_header,
                                       const void *header, size_t header_len, int flags) {
    static const char empty = 0;
    /* size_t-typed array keeps the buffer aligned for struct nn_cmsghdr. */
    size_t control[(NN_CMSG_SPACE(sizeof(size_t) + CNN_MAX_HEADER) + sizeof(size_t) - 1) / sizeof(size_t)];
    struct nn_msghdr hdr;
    struct nn_iovec iov;
    iov.iov_base = (void *)(body != NULL ? body : (const void *)&empty);
    iov.iov_len = body_len;
    memset(&hdr, 0, sizeof(hdr));
    hdr.msg_iov = &iov;
    hdr.msg_iovlen = 1;
    if (with_header) {
        if (header_len > CNN_MAX_HEADER) { errno = EINVAL; return -1; }
        size_t space = NN_CMSG_SPACE(sizeof(size_t) + header_len);
        memset(control, 0, space);
        struct nn_cmsghdr *c = (struct nn_cmsghdr *)(void *)control;
        c->cmsg_len = NN_CMSG_LEN(sizeof(size_t) + header_len);
        c->cmsg_level = PROTO_SP;
        c->cmsg_type = SP_HDR;
        memcpy(NN_CMSG_DATA(c), &header_len, sizeof(size_t));
        if (header_len > 0) memcpy(NN_CMSG_DATA(c) + sizeof(size_t), header, header_len);
        /* A plain (not NN_MSG) control buffer: nanomsg copies it, so no ownership to hand over. */
        hdr.msg_control = control;
        hdr.msg_controllen = space;
    }
    return nn_sendmsg(s, &hdr, flags);
}
#endif
