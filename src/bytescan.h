/* bytescan.h - the byte scans the parser and lint run over every byte of
 * the input: counting and finding line ends, and telling plain ASCII
 * lines apart.  Sixteen bytes a step with SSE2 (every x86-64 has it),
 * eight with portable word tricks elsewhere: on 30-byte lines a libc call
 * per line costs more than the scan, and these loops are most of what a
 * check of a large file does. */
#ifndef PG_BYTESCAN_H
#define PG_BYTESCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* PG_SCAN_NO_SSE2: the portable path (its tests build it on x86-64 too). */
#if defined(__SSE2__) && !defined(PG_SCAN_NO_SSE2)
#include <emmintrin.h>
#define PG_SCAN_SSE2 1
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PG_SCAN_SWAR 1
/* 0x80 in each byte of w equal to the byte in pat (exact: no borrow
 * between bytes); the lowest byte is the first. */
static inline uint64_t pg__swar_eq(uint64_t w, uint64_t pat)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Fu;
    uint64_t x = w ^ pat;
    return ~(((x & lo7) + lo7) | x | lo7);
}
#endif

/* How many bytes of s[0..n) equal c. */
static inline size_t pg__count_byte(const char *s, size_t n, char c)
{
    size_t count = 0, i = 0;
#if defined(PG_SCAN_SSE2)
    const __m128i pat = _mm_set1_epi8(c), zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        /* Up to 255 steps counted in byte lanes (each match adds 1 by
         * subtracting the -1 of the compare), then summed. */
        __m128i acc = zero;
        for (size_t k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, pat));
        }
        __m128i sum = _mm_sad_epu8(acc, zero);
        count += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_extract_epi16(sum, 4);
    }
#elif defined(PG_SCAN_SWAR)
    const uint64_t ones = 0x0101010101010101u, pat = ones * (unsigned char)c;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        count += (size_t)(((pg__swar_eq(w, pat) >> 7) * ones) >> 56);
    }
#endif
    for (; i < n; i++)
        count += s[i] == c;
    return count;
}

/* Offset of the first c in s[0..n), or n. */
static inline size_t pg__find_byte(const char *s, size_t n, char c)
{
    size_t i = 0;
#if defined(PG_SCAN_SSE2)
    const __m128i pat = _mm_set1_epi8(c);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, pat));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#elif defined(PG_SCAN_SWAR)
    const uint64_t pat = 0x0101010101010101u * (unsigned char)c;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t m = pg__swar_eq(w, pat);
        if (m)
            return i + (size_t)(__builtin_ctzll(m) >> 3);
    }
#endif
    for (; i < n; i++)
        if (s[i] == c)
            return i;
    return n;
}

/* Whether s[0..n) holds a byte >= 0x80 (*high) and a tab (*tab). */
static inline void pg__scan_high_tab(const char *s, size_t n, bool *high, bool *tab)
{
    size_t i = 0;
    bool h = false, t = false;
#if defined(PG_SCAN_SSE2)
    const __m128i tabs = _mm_set1_epi8('\t');
    __m128i any = _mm_setzero_si128(), anytab = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        any = _mm_or_si128(any, v);
        anytab = _mm_or_si128(anytab, _mm_cmpeq_epi8(v, tabs));
    }
    h = _mm_movemask_epi8(any) != 0;
    t = _mm_movemask_epi8(anytab) != 0;
#elif defined(PG_SCAN_SWAR)
    const uint64_t t8 = 0x0101010101010101u * '\t';
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h |= (w & 0x8080808080808080u) != 0;
        t |= pg__swar_eq(w, t8) != 0;
    }
#endif
    for (; i < n; i++) {
        h |= (unsigned char)s[i] >= 0x80;
        t |= s[i] == '\t';
    }
    *high = h;
    *tab = t;
}

/* The offset past each "\n" of s[0..n) into off (when not NULL: room for
 * pg__count_byte(s, n, '\n')); returns how many.  32-bit offsets: texts
 * are under 4 GiB (the parser's limit), and a line index is 4 bytes a
 * line instead of 8. */
static inline size_t pg__line_ends(const char *s, size_t n, uint32_t *off)
{
    size_t k = 0, i = 0;
#if defined(PG_SCAN_SSE2)
    const __m128i nl = _mm_set1_epi8('\n');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        for (unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)); m; m &= m - 1, k++)
            if (off)
                off[k] = (uint32_t)(i + (size_t)__builtin_ctz(m) + 1);
    }
#elif defined(PG_SCAN_SWAR)
    const uint64_t nl = 0x0101010101010101u * '\n';
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        for (uint64_t m = pg__swar_eq(w, nl); m; m &= m - 1, k++)
            if (off)
                off[k] = (uint32_t)(i + (size_t)(__builtin_ctzll(m) >> 3) + 1);
    }
#endif
    for (; i < n; i++)
        if (s[i] == '\n') {
            if (off)
                off[k] = (uint32_t)(i + 1);
            k++;
        }
    return k;
}

/* Offset of the first "\n" in s[0..n) (or n), and in *clean whether every
 * byte before it is ASCII and not NUL: one pass for what the parser asks
 * of each line (it looks closer only at a line that is not clean). */
static inline size_t pg__scan_line(const char *s, size_t n, bool *clean)
{
    size_t i = 0;
#if defined(PG_SCAN_SSE2)
    const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned end = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl));
        /* High bit set or NUL, in the bytes before the line end. */
        unsigned odd = (unsigned)_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, zero)));
        if (end) {
            unsigned before = end & (0u - end); /* lowest "\n" */
            *clean = !(odd & (before - 1));
            return i + (size_t)__builtin_ctz(end);
        }
        if (odd) { /* not clean: the rest only needs the line end */
            *clean = false;
            return i + pg__find_byte(s + i, n - i, '\n');
        }
    }
#elif defined(PG_SCAN_SWAR)
    const uint64_t ones = 0x0101010101010101u, nl = ones * '\n', hi = ones << 7;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t end = pg__swar_eq(w, nl), odd = (w & hi) | pg__swar_eq(w, 0);
        if (end) {
            uint64_t before = end & (0u - end);
            *clean = !(odd & (before - 1));
            return i + (size_t)(__builtin_ctzll(end) >> 3);
        }
        if (odd) {
            *clean = false;
            return i + pg__find_byte(s + i, n - i, '\n');
        }
    }
#endif
    for (; i < n && s[i] != '\n'; i++)
        if ((unsigned char)s[i] >= 0x80 || s[i] == '\0') {
            *clean = false;
            return i + pg__find_byte(s + i, n - i, '\n');
        }
    *clean = true;
    return i;
}

#endif /* PG_BYTESCAN_H */
