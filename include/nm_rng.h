/* nm_rng.h - seeded, portable random numbers: the same seed gives the same
 * stream on every machine, so every seeded result of nestmap repeats exactly.
 *
 * Two generators: splitmix64 (Steele, Lea & Flood 2014), a one-word state for
 * light use (sampling pivots, generating data), and xoshiro256** (Blackman &
 * Vigna 2018), seeded through splitmix64, for long streams (the null model).
 */
#ifndef NM_RNG_H
#define NM_RNG_H

#include <stdint.h>

/* splitmix64: advances *state and returns the next 64 bits. */
uint64_t nm_splitmix64(uint64_t *state);
/* Uniform in [0, n), n >= 1, without modulo bias (rejection). */
uint64_t nm_splitmix_below(uint64_t *state, uint64_t n);
/* Uniform in [0, n), n >= 1, without modulo bias, by Lemire's multiply and
 * rejection as nm_rng_below (no division as a rule; other numbers than
 * nm_splitmix_below's). */
uint64_t nm_splitmix_lemire(uint64_t *state, uint64_t n);
/* Uniform in [0, 1) with 53 random bits. */
double nm_splitmix_unit(uint64_t *state);

/* xoshiro256**. */
typedef struct { uint64_t s[4]; } nm_rng;

void nm_rng_seed(nm_rng *r, uint64_t seed);
/* n generators r[0..n) for independent streams, seeded in turn from one
 * splitmix64 sequence started at seed (4 words each): r[0] is nm_rng_seed's. */
void nm_rng_seed_n(nm_rng *r, int n, uint64_t seed);
uint64_t nm_rng_next(nm_rng *r);
/* Uniform in [0, n), n >= 1, without modulo bias (Lemire 2019). */
uint64_t nm_rng_below(nm_rng *r, uint64_t n);

#endif
