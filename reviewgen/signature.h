/* signature.h -- the text rule that puts log lines into one cluster (README,
 * "Evidence of any size"): a word with a digit becomes '#', and the key of
 * that signature, computed for every folded line of a file of gigabytes, so
 * with bit masks: AVX-512 or AVX2 where the CPU has it (asked at run time),
 * SSE2 where the compiler targets it (every x86-64). */
#ifndef RG_SIGNATURE_H
#define RG_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

/* Longest signature: the key and rg_signature stop after SIG_MAX - 1 bytes. */
#define RG_SIGNATURE_MAX 512

/* The signature of text[0..n) written into buf, cut at cap - 1 bytes and at
 * a NUL byte: every run of ASCII letters and digits that holds a digit (a
 * number, an id, a hash) is one '#', every other byte stays. Returns its
 * length; buf is NUL-terminated (cap > 0). */
size_t rg_signature(const char *text, size_t n, char *buf, size_t cap);

/* 1 when text[0..n) holds a word of the rule's list at a word start (any
 * case): a line that marks a change (deploy, restart, reboot, rollback,
 * rolled back, failover, failed over, promoted, promoting, shutdown, shut
 * down, shutting down). The whole text is looked at, past NUL bytes too. */
int rg_signature_marked(const char *text, size_t n);

/* h mixed with the signature of text[0..n) (rg_signature with a cap of
 * RG_SIGNATURE_MAX), eight bytes at a time: two texts give one key exactly
 * when their signatures are equal (up to 64-bit hash collisions). When marked
 * is not NULL, *marked is set to rg_signature_marked(text, n) from the same
 * pass. Texts under RG_SIGNATURE_MAX bytes without a NUL take a fast path
 * (AVX-512 with VBMI2 for texts up to 64 bytes where the CPU has it, AVX2
 * for texts of 32 bytes or more where it has that, else SSE2: one mask word
 * in registers up to 64 bytes, arrays of them past that); the others, and
 * every text where SSE2 is not compiled in, take rg_signature_key_ref. */
uint64_t rg_signature_key(uint64_t h, const char *text, size_t n, int *marked);

/* The part of rg_signature_key that depends on the text alone, and the key
 * it gives with h: rg_signature_key(h, ...) is
 * rg_signature_join(h, rg_signature_acc(...)), so the text's part can be
 * worked out on another thread (prepass.h) before h is known.
 *
 * Unlike rg_signature_key, it may set *marked to RG_SIG_MARKED_BY_SIG
 * instead of 0 or 1: no stem is hidden in the text's words that start with
 * a letter and hold a digit ("a3f9" hides none, "restart2" and the "down7"
 * of "shut down7" do; a text without such words hides none), and then
 * whether it is marked follows from its signature alone (rg_signature_marked
 * of the text equals that of the signature written out; every such text of
 * one signature gives one answer). A text that hides one is 1. A caller
 * that keeps something per signature (the core's clusters,
 * reviewgen/logsum.c) asks rg_signature_marked once per signature: the
 * stems' test was a tenth of a whole-day build of a 1 GiB syslog when it
 * ran for every line. The fast paths for texts of 16 to 511 bytes answer so
 * (on AVX-512, texts of up to 64 bytes with such a word are told 0 or 1);
 * the others always say 0 or 1. */
#define RG_SIG_MARKED_BY_SIG (-1)
uint64_t rg_signature_acc(const char *text, size_t n, int *marked);
/* Inline: it runs for every folded line, and the call cost more than its
 * multiply. The same step as the key's own mixing (signature.c). */
static inline uint64_t rg_signature_join(uint64_t h, uint64_t acc)
{
    h = (h ^ acc) * UINT64_C(0x9E3779B97F4A7C15);
    return h ^ (h >> 29);
}

/* The paths rg_signature_acc can take, for the tests: the CPU's best
 * (AUTO: AVX-512 with VBMI2 for texts up to 64 bytes where the CPU has it,
 * else AVX2 for texts of 32 bytes or more, else SSE2), SSE2 even where the
 * CPU has more, AVX-512, AVX2, or the reference.
 * rg_signature_test_path returns 0, or -1 (and changes nothing) when the
 * path is not compiled in or the CPU lacks it. Process-wide and not
 * synchronised: set it before any thread starts. */
enum {
    RG_SIG_PATH_AUTO = -1,
    RG_SIG_PATH_SSE2 = 1,
    RG_SIG_PATH_AVX512 = 2,
    RG_SIG_PATH_REF = 3,
    RG_SIG_PATH_AVX2 = 4
};
int rg_signature_test_path(int path);

/* The same key by writing the signature out first: the definition the fast
 * path is tested against (tests/check_signature.c). */
uint64_t rg_signature_key_ref(uint64_t h, const char *text, size_t n, int *marked);

#endif
