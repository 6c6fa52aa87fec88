/* bytescan_swar.c - the portable word-at-a-time scans of bytescan.h,
 * built here even where SSE2 is used, so test_lines.c can hold both
 * paths to the same answers. */
#define PG_SCAN_NO_SSE2 1
#include "bytescan.h"
#include "bytescan_swar.h"

size_t tu_swar_count_byte(const char *s, size_t n, char c) { return pg__count_byte(s, n, c); }
size_t tu_swar_find_byte(const char *s, size_t n, char c) { return pg__find_byte(s, n, c); }
size_t tu_swar_scan_line(const char *s, size_t n, bool *clean)
{
    return pg__scan_line(s, n, clean);
}
size_t tu_swar_line_ends(const char *s, size_t n, uint32_t *off)
{
    return pg__line_ends(s, n, off);
}
void tu_swar_scan_high_tab(const char *s, size_t n, bool *high, bool *tab)
{
    pg__scan_high_tab(s, n, high, tab);
}
