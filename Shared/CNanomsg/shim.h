/* nanomsg for Swift: the importer drops nanomsg's function-like and composed macros,
   so the ones we use are re-exported here as constants and small inline helpers. */
#ifndef CNANOMSG_SHIM_H
#define CNANOMSG_SHIM_H
#include <nanomsg/nn.h>
#include <nanomsg/reqrep.h>
#include <nanomsg/pubsub.h>
#include <nanomsg/tcp.h>
#include <string.h>
#include <stdlib.h>

static const int cnn_af_sp = AF_SP;
static const int cnn_af_sp_raw = AF_SP_RAW;
static const int cnn_req = NN_REQ;
static const int cnn_rep = NN_REP;
static const int cnn_pub = NN_PUB;
static const int cnn_sub = NN_SUB;
static const int cnn_sol_socket = NN_SOL_SOCKET;
static const int cnn_sub_subscribe = NN_SUB_SUBSCRIBE;
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

/* Receives one message with its SP routing header (raw sockets).
   On success returns the body length; *body and *header are nn_allocmsg'ed / malloc'ed
   and must be released with nn_freemsg / free. */
static inline int cnn_recv_with_header(int s, void **body, void **header, size_t *header_len, int flags) {
    struct nn_msghdr hdr;
    struct nn_iovec iov;
    void *control = NULL;
    *body = NULL; *header = NULL; *header_len = 0;
    iov.iov_base = body;
    iov.iov_len = NN_MSG;
    memset(&hdr, 0, sizeof(hdr));
    hdr.msg_iov = &iov;
    hdr.msg_iovlen = 1;
    hdr.msg_control = &control;
    hdr.msg_controllen = NN_MSG;
    int rc = nn_recvmsg(s, &hdr, flags);
    if (rc < 0) return rc;
    if (control != NULL) {
        struct nn_cmsghdr *c = NN_CMSG_FIRSTHDR(&hdr);
        while (c != NULL) {
            if (c->cmsg_level == PROTO_SP && c->cmsg_type == SP_HDR) {
                size_t len = c->cmsg_len - NN_CMSG_SPACE(0);
                void *copy = malloc(len > 0 ? len : 1);
                if (copy != NULL) {
                    memcpy(copy, NN_CMSG_DATA(c), len);
                    *header = copy;
                    *header_len = len;
                }
                break;
            }
            c = NN_CMSG_NXTHDR(&hdr, c);
        }
        nn_freemsg(control);
    }
    return rc;
}

/* Sends one message with an SP routing header (raw sockets). Returns bytes sent or -1. */
static inline int cnn_send_with_header(int s, const void *body, size_t body_len,
                                       const void *header, size_t header_len, int flags) {
    struct nn_msghdr hdr;
    struct nn_iovec iov;
    size_t space = NN_CMSG_SPACE(header_len);
    void *control = nn_allocmsg(space, 0);
    if (control == NULL) return -1;
    memset(control, 0, space);
    struct nn_cmsghdr *c = (struct nn_cmsghdr *)control;
    c->cmsg_len = NN_CMSG_LEN(header_len);
    c->cmsg_level = PROTO_SP;
    c->cmsg_type = SP_HDR;
    memcpy(NN_CMSG_DATA(c), header, header_len);
    iov.iov_base = (void *)body;
    iov.iov_len = body_len;
    memset(&hdr, 0, sizeof(hdr));
    hdr.msg_iov = &iov;
    hdr.msg_iovlen = 1;
    hdr.msg_control = &control;
    hdr.msg_controllen = NN_MSG;
    int rc = nn_sendmsg(s, &hdr, flags);
    if (rc < 0) nn_freemsg(control);
    return rc;
}
#endif
