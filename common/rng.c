// SPDX-License-Identifier: GPL-2.0
/*
 * splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014; the constants of Vigna's splitmix64.c): the
 * one seedable generator of the tree, for bootstrap resampling and
 * permutation tests that must be reproducible from their seed.
 */
#include "common.h"

uint64_t rng_splitmix64_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

size_t rng_splitmix64_below(uint64_t *state, size_t n)
{
	return (size_t)(rng_splitmix64_next(state) % n);	/* bias < n / 2^64: negligible */
}
