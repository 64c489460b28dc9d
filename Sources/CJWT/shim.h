/*
 * CJWT: the C surface of libjwt. Only GatehouseCrypto imports this module.
 *
 * libjwt is used for minting tokens only. Its verifier lets the token header choose the
 * algorithm and accepts `alg: none` with an empty key, so Gatehouse never hands it an
 * untrusted token. The minting facade (one algorithm pinned per key, empty keys refused) arrives
 * in GatehouseCrypto with the bearer-token work; until then this module is linked but unused.
 */
#ifndef C_GH_JWT_SHIM_H
#define C_GH_JWT_SHIM_H

#include <jwt.h>
#include <stdlib.h>

/* Strings from jwt_encode_str are malloc(3)ed (libjwt 1.10 has no jwt_free_str). */
static inline void c_gh_jwt_free_string(char *str) { free(str); }

#endif
