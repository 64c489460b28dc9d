/*
 * COpenSSL: the C surface of OpenSSL (libcrypto) that Gatehouse uses.
 *
 * Only GatehouseCrypto imports this module. Deprecated OpenSSL APIs are hidden
 * (OPENSSL_NO_DEPRECATED) with one documented exception, below.
 *
 * Symbols defined here carry the `c_gh_` prefix so they never collide with anyone else's
 * shims in the same process.
 */
#ifndef C_GH_OPENSSL_SHIM_H
#define C_GH_OPENSSL_SHIM_H

#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/opensslv.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stddef.h>
#include <stdint.h>

/*
 * THE ONE EXCEPTION to OPENSSL_NO_DEPRECATED: the low-level SHA-256 block functions.
 *
 * Why: a SigV4 verification with a cached signing key is an HMAC whose inner and outer
 * states were absorbed once (precomputed ipad/opad). Re-using those states per request means
 * copying them. Copying a plain SHA256_CTX is a 112-byte memcpy; the non-deprecated route,
 * EVP_MD_CTX_copy_ex, costs about twice as much per cached verification (≈1 µs vs ≈0.5 µs at the
 * floor, reference/sigv4.md §9), which alone would spend the whole 1 µs budget. `gatehouse bench`
 * reports both (`crypto.hmac.142B` and `crypto.hmac.142B.evp`) so the choice stays measured.
 *
 * The struct below mirrors OpenSSL's public `SHA256_CTX` (sha.h, stable since 0.9.8); the
 * functions are declared over `void *` so no deprecated declaration is pulled in.
 */
typedef struct c_gh_sha256_state {
    unsigned int h[8];
    unsigned int Nl, Nh;
    unsigned int data[16];
    unsigned int num, md_len;
} c_gh_sha256_state;

_Static_assert(sizeof(c_gh_sha256_state) == 112, "SHA256_CTX layout changed");

int SHA256_Init(void *c);
int SHA256_Update(void *c, const void *data, size_t len);
int SHA256_Final(unsigned char *md, void *c);

static inline void c_gh_sha256_init(c_gh_sha256_state *state) { (void)SHA256_Init(state); }

static inline void c_gh_sha256_update(c_gh_sha256_state *state, const void *data, size_t len) {
    (void)SHA256_Update(state, data, len);
}

static inline void c_gh_sha256_final(c_gh_sha256_state *state, void *digest32) {
    (void)SHA256_Final((unsigned char *)digest32, state);
}

/* OPENSSL_free is a macro; Swift cannot call it. */
static inline void c_gh_openssl_free(void *ptr) { OPENSSL_free(ptr); }

/* Constant-time comparison with `void *` arguments (no bindMemory on the Swift side). */
static inline int c_gh_memcmp(const void *a, const void *b, size_t len) { return CRYPTO_memcmp(a, b, len); }

static inline int c_gh_rand_bytes(void *buf, size_t len) { return RAND_bytes((unsigned char *)buf, (int)len); }

/* BN_bin2bn / BN_bn2binpad over void pointers. */
static inline BIGNUM *c_gh_bn_from_bytes(const void *bytes, size_t len) {
    return BN_bin2bn((const unsigned char *)bytes, (int)len, NULL);
}

static inline int c_gh_bn_to_padded_bytes(const BIGNUM *bn, void *out, size_t len) {
    return BN_bn2binpad(bn, (unsigned char *)out, (int)len);
}


/*
 * P-256 keys through the OpenSSL 3 provider API (EVP_PKEY_fromdata). These build keys in C so that
 * the Swift side only ever holds one owned EVP_PKEY pointer. They return NULL on any failure.
 */
static inline EVP_PKEY *c_gh_p256_from_params(OSSL_PARAM_BLD *bld, int selection) {
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (params != NULL && ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1) {
        if (EVP_PKEY_fromdata(ctx, &pkey, selection, params) != 1) {
            pkey = NULL;
        }
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return pkey;
}

/* A key pair from a 32-byte big-endian scalar; the public point is computed as d·G. */
static inline EVP_PKEY *c_gh_p256_private_key(const void *scalar32) {
    EVP_PKEY *pkey = NULL;
    unsigned char point[65];
    EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    BIGNUM *d = BN_bin2bn((const unsigned char *)scalar32, 32, NULL);
    EC_POINT *pub = group ? EC_POINT_new(group) : NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    if (group && d && pub && bld && !BN_is_zero(d) && BN_cmp(d, EC_GROUP_get0_order(group)) < 0
        && EC_POINT_mul(group, pub, d, NULL, NULL, NULL) == 1
        && EC_POINT_point2oct(group, pub, POINT_CONVERSION_UNCOMPRESSED, point, sizeof point, NULL) == 65
        && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, SN_X9_62_prime256v1, 0) == 1
        && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) == 1
        && OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point) == 1) {
        pkey = c_gh_p256_from_params(bld, EVP_PKEY_KEYPAIR);
    }
    OSSL_PARAM_BLD_free(bld);
    EC_POINT_free(pub);
    BN_clear_free(d);
    EC_GROUP_free(group);
    return pkey;
}

/* A public key from an uncompressed SEC1 point (0x04 || X || Y, 65 bytes); checks it is on the curve. */
static inline EVP_PKEY *c_gh_p256_public_key(const void *point65) {
    EVP_PKEY *pkey = NULL;
    EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    EC_POINT *pub = group ? EC_POINT_new(group) : NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    if (group && pub && bld
        && EC_POINT_oct2point(group, pub, (const unsigned char *)point65, 65, NULL) == 1
        && EC_POINT_is_on_curve(group, pub, NULL) == 1
        && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, SN_X9_62_prime256v1, 0) == 1
        && OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point65, 65) == 1) {
        pkey = c_gh_p256_from_params(bld, EVP_PKEY_PUBLIC_KEY);
    }
    OSSL_PARAM_BLD_free(bld);
    EC_POINT_free(pub);
    EC_GROUP_free(group);
    return pkey;
}

/* The uncompressed public point of a P-256 key into out65. Returns 1 on success. */
static inline int c_gh_p256_public_point(EVP_PKEY *pkey, void *out65) {
    size_t len = 0;
    if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, (unsigned char *)out65, 65, &len) != 1) {
        return 0;
    }
    return len == 65;
}

/* ECDSA with SHA-256 over msg; DER signature (at most 72 bytes) into sig. Returns 1 on success. */
static inline int c_gh_ecdsa_sha256_sign(EVP_PKEY *pkey, const void *msg, size_t msglen, void *sig, size_t *siglen) {
    int ok = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, pkey) == 1
        && EVP_DigestSign(ctx, (unsigned char *)sig, siglen, (const unsigned char *)msg, msglen) == 1) {
        ok = 1;
    }
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* Returns 1 only for a valid DER ECDSA/SHA-256 signature over msg; 0 for invalid or malformed. */
static inline int c_gh_ecdsa_sha256_verify(EVP_PKEY *pkey, const void *msg, size_t msglen, const void *sig, size_t siglen) {
    int ok = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, pkey) == 1
        && EVP_DigestVerify(ctx, (const unsigned char *)sig, siglen, (const unsigned char *)msg, msglen) == 1) {
        ok = 1;
    }
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok;
}

/*
 * The EVP route to a pre-keyed HMAC, kept only so `gatehouse bench` can measure it next to the
 * low-level route above (crypto.hmac.142B.evp). Not used on any request path.
 */
static inline EVP_MD_CTX *c_gh_evp_sha256_ctx(void) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static inline int c_gh_evp_update(EVP_MD_CTX *ctx, const void *data, size_t len) {
    return EVP_DigestUpdate(ctx, data, len);
}

static inline int c_gh_evp_final(EVP_MD_CTX *ctx, void *out32) {
    unsigned int len = 0;
    return EVP_DigestFinal_ex(ctx, (unsigned char *)out32, &len);
}

#endif
