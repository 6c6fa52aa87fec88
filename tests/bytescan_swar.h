/* The portable scans of src/bytescan.h (tests/bytescan_swar.c). */
#ifndef TU_BYTESCAN_SWAR_H
#define TU_BYTESCAN_SWAR_H
#include <stdbool.h>
#include <stddef.h>
size_t tu_swar_count_byte(const char *s, size_t n, char c);
size_t tu_swar_find_byte(const char *s, size_t n, char c);
size_t tu_swar_scan_line(const char *s, size_t n, bool *clean);
size_t tu_swar_line_ends(const char *s, size_t n, uint32_t *off);
void tu_swar_scan_high_tab(const char *s, size_t n, bool *high, bool *tab);
#endif
