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
#include <openssl/bio.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/opensslv.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * THE ONE EXCEPTION to OPENSSL_NO_DEPRECATED: the low-level SHA-256 block functions
 * (SHA256_Init/Update/Final, and SHA256_Transform for HMAC's fixed-shape outer block).
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
void SHA256_Transform(void *c, const unsigned char *data);

static inline void c_gh_sha256_init(c_gh_sha256_state *state) { (void)SHA256_Init(state); }

static inline void c_gh_sha256_update(c_gh_sha256_state *state, const void *data, size_t len) {
    (void)SHA256_Update(state, data, len);
}

static inline void c_gh_sha256_final(c_gh_sha256_state *state, void *digest32) {
    (void)SHA256_Final((unsigned char *)digest32, state);
}

/*
 * HMAC's outer hash, from the outer state (the key's opad block already absorbed) and the
 * 32-byte inner digest: the one remaining block is always the digest, 0x80, zeros and the
 * length of 96 bytes in bits, so it is built here and compressed once — no SHA256_Update
 * buffering, no SHA256_Final padding logic, and only the eight state words copied.
 */
static inline void c_gh_hmac_sha256_outer(const c_gh_sha256_state *outer, const void *inner32, void *mac32) {
    c_gh_sha256_state state;
    memcpy(state.h, outer->h, sizeof(state.h));
    unsigned char block[64];
    memcpy(block, inner32, 32);
    memset(block + 32, 0, 32);
    block[32] = 0x80;
    block[62] = 0x03; /* (64 + 32) * 8 = 768 = 0x0300 bits */
    SHA256_Transform(&state, block);
    unsigned char *out = (unsigned char *)mac32;
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(state.h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(state.h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(state.h[i] >> 8);
        out[4 * i + 3] = (unsigned char)state.h[i];
    }
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

/* ---- General public-key operations (JWT algorithms): RSA, EC P-256/384/521, Ed25519. ---- */

/* Digest by number: 256, 384, 512; anything else is NULL (Ed25519 signs without a digest). */
static inline const EVP_MD *c_gh_md(int bits) {
    switch (bits) {
    case 256: return EVP_sha256();
    case 384: return EVP_sha384();
    case 512: return EVP_sha512();
    default: return NULL;
    }
}

/* A key from PEM text: a public key (SubjectPublicKeyInfo) when want_private is 0, else a
 * private key (PKCS#8 or traditional, unencrypted). NULL when the text holds no such key. */
static inline EVP_PKEY *c_gh_pkey_from_pem(const void *pem, size_t len, int want_private) {
    if (len == 0 || len > 1024 * 1024) return NULL; /* a key is kilobytes; never a negative int */
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    if (!bio) return NULL;
    EVP_PKEY *pkey = want_private ? PEM_read_bio_PrivateKey(bio, NULL, NULL, (void *)"")
                                  : PEM_read_bio_PUBKEY(bio, NULL, NULL, (void *)"");
    BIO_free(bio);
    ERR_clear_error();
    return pkey;
}

/* PEM text of a key (PKCS#8 private or SubjectPublicKeyInfo public) into a fresh OPENSSL buffer
 * the caller frees with c_gh_openssl_free. Returns the length, or 0 on failure. */
static inline size_t c_gh_pkey_to_pem(EVP_PKEY *pkey, int private_key, char **out) {
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio) return 0;
    int ok = private_key ? PEM_write_bio_PKCS8PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL)
                         : PEM_write_bio_PUBKEY(bio, pkey);
    size_t len = 0;
    if (ok == 1) {
        char *data = NULL;
        long n = BIO_get_mem_data(bio, &data);
        if (n > 0 && (*out = OPENSSL_malloc((size_t)n))) {
            memcpy(*out, data, (size_t)n);
            len = (size_t)n;
        }
    }
    BIO_free(bio);
    return len;
}

/* An RSA public key from big-endian modulus and exponent. */
static inline EVP_PKEY *c_gh_rsa_public_key(const void *n, size_t nlen, const void *e, size_t elen) {
    EVP_PKEY *pkey = NULL;
    if (nlen > 2048 || elen > 16) return NULL; /* up to 16384-bit moduli */
    BIGNUM *bn_n = BN_bin2bn((const unsigned char *)n, (int)nlen, NULL);
    BIGNUM *bn_e = BN_bin2bn((const unsigned char *)e, (int)elen, NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (bn_n && bn_e && bld && ctx && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) == 1
        && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) == 1) {
        OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
        if (params && EVP_PKEY_fromdata_init(ctx) == 1) {
            (void)EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
        }
        OSSL_PARAM_free(params);
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
    ERR_clear_error();
    return pkey;
}

/* An EC public key on the named group ("P-256", "P-384", "P-521") from an uncompressed point;
 * NULL unless the point lies on the curve. */
static inline EVP_PKEY *c_gh_ec_public_key(const char *group, const void *point, size_t len) {
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (bld && ctx && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1
        && OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, len) == 1) {
        OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
        if (params && EVP_PKEY_fromdata_init(ctx) == 1) {
            (void)EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
        }
        OSSL_PARAM_free(params);
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_BLD_free(bld);
    if (pkey) {
        /* fromdata does not check the point; a public-key check does. */
        EVP_PKEY_CTX *check = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
        if (!check || EVP_PKEY_public_check(check) != 1) {
            EVP_PKEY_free(pkey);
            pkey = NULL;
        }
        EVP_PKEY_CTX_free(check);
    }
    ERR_clear_error();
    return pkey;
}

static inline EVP_PKEY *c_gh_ed25519_public_key(const void *raw32) {
    EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, (const unsigned char *)raw32, 32);
    ERR_clear_error();
    return pkey;
}

/* 1 RSA, 2 EC, 3 Ed25519, 0 other. */
static inline int c_gh_pkey_kind(EVP_PKEY *pkey) {
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA: return 1;
    case EVP_PKEY_EC: return 2;
    case EVP_PKEY_ED25519: return 3;
    default: return 0;
    }
}

static inline int c_gh_pkey_bits(EVP_PKEY *pkey) { return EVP_PKEY_get_bits(pkey); }

/* The EC group name ("prime256v1", "secp384r1", "secp521r1") into out. Returns 1 on success. */
static inline int c_gh_ec_group_name(EVP_PKEY *pkey, char *out, size_t cap) {
    size_t len = 0;
    return EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, out, cap, &len);
}

/* A public parameter as big-endian bytes: which 1 = RSA n, 2 = RSA e, 3 = EC point (uncompressed),
 * 4 = Ed25519 raw key. Returns the length written, 0 on failure. */
static inline size_t c_gh_pkey_public_param(EVP_PKEY *pkey, int which, void *out, size_t cap) {
    size_t len = 0;
    if (which == 1 || which == 2) {
        BIGNUM *bn = NULL;
        if (EVP_PKEY_get_bn_param(pkey, which == 1 ? OSSL_PKEY_PARAM_RSA_N : OSSL_PKEY_PARAM_RSA_E, &bn) != 1) return 0;
        int n = BN_num_bytes(bn);
        if (n > 0 && (size_t)n <= cap) len = (size_t)BN_bn2bin(bn, (unsigned char *)out);
        BN_free(bn);
    } else if (which == 3) {
        if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, (unsigned char *)out, cap, &len) != 1) len = 0;
    } else if (which == 4) {
        len = cap;
        if (EVP_PKEY_get_raw_public_key(pkey, (unsigned char *)out, &len) != 1) len = 0;
    }
    ERR_clear_error();
    return len;
}

/* A fresh key: kind 1 RSA (bits), 2 EC (group name), 3 Ed25519. */
static inline EVP_PKEY *c_gh_generate_key(int kind, int bits, const char *group) {
    EVP_PKEY *pkey = NULL;
    switch (kind) {
    case 1: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits); break;
    case 2: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", group); break;
    case 3: pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"); break;
    }
    ERR_clear_error();
    return pkey;
}

/* The public half of a key (for a private key read from PEM). */
static inline EVP_PKEY *c_gh_public_from_private(EVP_PKEY *pkey) {
    unsigned char *der = NULL;
    int len = i2d_PUBKEY(pkey, &der);
    EVP_PKEY *pub = NULL;
    if (len > 0) {
        const unsigned char *p = der;
        pub = d2i_PUBKEY(NULL, &p, len);
    }
    OPENSSL_free(der);
    ERR_clear_error();
    return pub;
}

/* padding: 0 none/PKCS#1 v1.5 (RSA), ECDSA DER, Ed25519; 1 RSA-PSS with salt = digest length. */
static inline int c_gh_setup_padding(EVP_PKEY_CTX *pctx, int pss) {
    if (!pss) return 1;
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1
        && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
}

/* Returns 1 only for a valid signature; md_bits 0 for Ed25519. ECDSA signatures are DER. */
static inline int c_gh_verify(EVP_PKEY *pkey, int md_bits, int pss, const void *msg, size_t msglen,
                              const void *sig, size_t siglen) {
    int ok = 0;
    EVP_PKEY_CTX *pctx = NULL;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestVerifyInit(ctx, &pctx, c_gh_md(md_bits), NULL, pkey) == 1 && c_gh_setup_padding(pctx, pss)
        && EVP_DigestVerify(ctx, (const unsigned char *)sig, siglen, (const unsigned char *)msg, msglen) == 1) {
        ok = 1;
    }
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok;
}

/* Signs msg; the signature (DER for ECDSA) into sig, its length into *siglen. Returns 1 on success. */
static inline int c_gh_sign(EVP_PKEY *pkey, int md_bits, int pss, const void *msg, size_t msglen, void *sig,
                            size_t *siglen) {
    int ok = 0;
    EVP_PKEY_CTX *pctx = NULL;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestSignInit(ctx, &pctx, c_gh_md(md_bits), NULL, pkey) == 1 && c_gh_setup_padding(pctx, pss)
        && EVP_DigestSign(ctx, (unsigned char *)sig, siglen, (const unsigned char *)msg, msglen) == 1) {
        ok = 1;
    }
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok;
}

/* ECDSA signature formats: JWS's fixed-width r||s (2 * half bytes) <-> DER. Return the length
 * written, 0 on failure. */
static inline size_t c_gh_ecdsa_raw_to_der(const void *raw, size_t half, void *out, size_t cap) {
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn((const unsigned char *)raw, (int)half, NULL);
    BIGNUM *s = BN_bin2bn((const unsigned char *)raw + half, (int)half, NULL);
    size_t len = 0;
    if (sig && r && s && ECDSA_SIG_set0(sig, r, s) == 1) {
        r = s = NULL; /* owned by sig now */
        int n = i2d_ECDSA_SIG(sig, NULL);
        if (n > 0 && (size_t)n <= cap) {
            unsigned char *p = (unsigned char *)out;
            len = (size_t)i2d_ECDSA_SIG(sig, &p);
        }
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    ERR_clear_error();
    return len;
}

static inline size_t c_gh_ecdsa_der_to_raw(const void *der, size_t len, size_t half, void *out) {
    const unsigned char *p = (const unsigned char *)der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
    size_t written = 0;
    if (sig) {
        const BIGNUM *r = NULL, *s = NULL;
        ECDSA_SIG_get0(sig, &r, &s);
        if (BN_bn2binpad(r, (unsigned char *)out, (int)half) == (int)half
            && BN_bn2binpad(s, (unsigned char *)out + half, (int)half) == (int)half) {
            written = 2 * half;
        }
        ECDSA_SIG_free(sig);
    }
    ERR_clear_error();
    return written;
}

/* One-shot HMAC with SHA-256/384/512 (HMAC() is not deprecated; its HMAC_CTX siblings are).
 * Returns the MAC length, 0 on failure. */
static inline unsigned int c_gh_hmac(int md_bits, const void *key, size_t keylen, const void *msg, size_t msglen,
                                     void *out) {
    unsigned int len = 0;
    static const unsigned char empty = 0;
    if (keylen > INT32_MAX) return 0;
    if (!HMAC(c_gh_md(md_bits), keylen ? key : &empty, (int)keylen, msglen ? (const unsigned char *)msg : &empty,
              msglen, (unsigned char *)out, &len)) {
        return 0;
    }
    return len;
}

#endif
