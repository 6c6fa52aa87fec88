/*
 * history_svg.c - how many items stood in each state at each update, as
 * a stacked-area (burn-up) chart in plain SVG: the highest state at the
 * bottom, "none" on top, one x position per update.  Written by hand:
 * a few polygons, a grid, labels and a legend.
 */
#include "internal.h"

#include <stdio.h>

#define W  760.0
#define H  420.0
#define ML 72.0  /* margins: left (y labels) */
#define MR 150.0 /* right (legend) */
#define MT 48.0
#define MB 90.0 /* bottom (rotated x labels) */

typedef struct svg {
    pg_write_fn write;
    void *ctx;
    int failed;
} svg;

static void out(svg *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(svg *s, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || s->failed)
        return;
    if ((size_t)n >= sizeof buf)
        n = sizeof buf - 1;
    if (s->write(s->ctx, buf, (size_t)n))
        s->failed = 1;
}

/* Text content with the five XML specials escaped. */
static void out_text(svg *s, pg_str t)
{
    size_t from = 0;
    for (size_t i = 0; i <= t.len && !s->failed; i++) {
        const char *rep = NULL;
        if (i < t.len) {
            switch (t.ptr[i]) {
            case '&':
                rep = "&amp;";
                break;
            case '<':
                rep = "&lt;";
                break;
            case '>':
                rep = "&gt;";
                break;
            case '"':
                rep = "&quot;";
                break;
            case '\'':
                rep = "&apos;";
                break;
            default:
                continue;
            }
        }
        if (i > from && s->write(s->ctx, t.ptr + from, i - from))
            s->failed = 1;
        if (rep && s->write(s->ctx, rep, strlen(rep)))
            s->failed = 1;
        from = i + 1;
    }
}

/* Colour of state k of n real states (red low .. green high), grey for
 * "none" (k == n). */
static void colour(size_t k, size_t n, char out_rgb[8])
{
    static const unsigned pal[][3] = {{0xd7, 0x30, 0x27}, {0xfc, 0x8d, 0x59}, {0xfe, 0xe0, 0x8b},
                                      {0xd9, 0xef, 0x8b}, {0x91, 0xcf, 0x60}, {0x1a, 0x98, 0x50}};
    if (k >= n) {
        snprintf(out_rgb, 8, "#%02x%02x%02x", 0xbd, 0xbd, 0xbd);
        return;
    }
    /* spread the scale over the palette, the top state always green */
    size_t idx = n > 1 ? (k * 5 + (n - 1) / 2) / (n - 1) : 5;
    if (idx > 5)
        idx = 5;
    snprintf(out_rgb, 8, "#%02x%02x%02x", pal[idx][0], pal[idx][1], pal[idx][2]);
}

/* A round step for the y axis: 1, 2, 5, 10, 20, 50 ... */
static size_t nice_step(size_t max)
{
    size_t step = 1;
    while (max / step > 8) {
        if (max / (step * 2) <= 8)
            return step * 2;
        if (max / (step * 5) <= 8)
            return step * 5;
        step *= 10;
    }
    return step;
}

pg_status pg_history_svg(const pg_history *h, const char *const *labels, const char *title,
                         pg_write_fn write, void *ctx, pg_error *err)
{
    pg__error_reset(err);
    if (!h || !write) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "no history");
        return PG_ERR_ARG;
    }
    svg s = {write, ctx, 0};
    size_t nd = pg_history_docs(h), ns = pg_history_states(h);
    size_t max = 0;
    for (size_t d = 0; d < nd; d++) {
        size_t tot = 0;
        for (size_t k = 0; k < ns; k++)
            tot += pg_history_count(h, d, k);
        if (tot > max)
            max = tot;
    }
    size_t step = nice_step(max ? max : 1);
    /* headroom above the tallest stack for its total's label */
    size_t top = ((max ? max : 1) / step + 1) * step;
    double pw = W - ML - MR, ph = H - MT - MB;
    /* one update: a band as wide as a bar, centred */
    double x0 = ML, dx = nd > 1 ? pw / (double)(nd - 1) : 0;

    out(&s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out(&s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
        "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
        "font-size=\"12\">\n",
        W, H, W, H);
    out(&s, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
    out(&s, "<text x=\"%.1f\" y=\"28\" font-size=\"16\" font-weight=\"bold\">", ML);
    out_text(&s, pg__cstr(title ? title : "Items by state"));
    out(&s, "</text>\n");

    /* grid and y labels */
    for (size_t v = 0; v <= top; v += step) {
        double y = MT + ph - ph * (double)v / (double)top;
        out(&s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>\n", ML,
            y, ML + pw, y);
        out(&s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%zu</text>\n", ML - 6, y + 4, v);
    }

    /* the stacked areas, the highest state at the bottom */
    double *base = pg__calloc(nd ? nd : 1, sizeof *base);
    if (!base) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    size_t n_real = ns ? ns - 1 : 0;
    for (size_t layer = 0; layer < ns; layer++) {
        /* layers: n_real-1 ... 0 (real states, high first), then none */
        size_t k = layer < n_real ? n_real - 1 - layer : n_real;
        char rgb[8];
        colour(k, n_real, rgb);
        out(&s, "<polygon fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"0.5\" points=\"", rgb);
        for (size_t d = 0; d < nd; d++) {
            double v = base[d] + (double)pg_history_count(h, d, k);
            double y = MT + ph - ph * v / (double)top;
            if (nd == 1)
                out(&s, "%.1f,%.1f %.1f,%.1f ", x0 + pw / 2 - 30, y, x0 + pw / 2 + 30, y);
            else
                out(&s, "%.1f,%.1f ", x0 + dx * (double)d, y);
        }
        for (size_t d = nd; d-- > 0;) {
            double y = MT + ph - ph * base[d] / (double)top;
            if (nd == 1)
                out(&s, "%.1f,%.1f %.1f,%.1f", x0 + pw / 2 + 30, y, x0 + pw / 2 - 30, y);
            else
                out(&s, "%.1f,%.1f ", x0 + dx * (double)d, y);
        }
        out(&s, "\"/>\n");
        for (size_t d = 0; d < nd; d++)
            base[d] += (double)pg_history_count(h, d, k);
    }

    /* totals above each update, axes, x labels */
    for (size_t d = 0; d < nd; d++) {
        double x = nd == 1 ? x0 + pw / 2 : x0 + dx * (double)d;
        double y = MT + ph - ph * base[d] / (double)top;
        out(&s, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#333333\"/>\n", x, y);
        out(&s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%.0f</text>\n",
            x, y - 6, base[d]);
        out(&s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n", x,
            MT + ph, x, MT + ph + 4);
        out(&s,
            "<text transform=\"translate(%.1f,%.1f) rotate(-35)\" text-anchor=\"end\" "
            "font-size=\"11\">",
            x + 3, MT + ph + 16);
        char num[32];
        snprintf(num, sizeof num, "#%zu", d + 1);
        out_text(&s, pg__cstr(labels && labels[d] ? labels[d] : num));
        out(&s, "</text>\n");
    }
    pg__free(base);
    out(&s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n", ML,
        MT + ph, ML + pw, MT + ph);
    out(&s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n", ML, MT,
        ML, MT + ph);
    out(&s,
        "<text transform=\"translate(22,%.1f) rotate(-90)\" text-anchor=\"middle\">items</text>\n",
        MT + ph / 2);

    /* legend, in stacking order read from the top */
    double ly = MT + 4;
    out(&s, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">state</text>\n", W - MR + 20, ly);
    for (size_t layer = ns; layer-- > 0;) {
        size_t k = layer < n_real ? n_real - 1 - layer : n_real;
        char rgb[8];
        colour(k, n_real, rgb);
        ly += 20;
        out(&s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"%s\"/>\n",
            W - MR + 20, ly - 11, rgb);
        out(&s, "<text x=\"%.1f\" y=\"%.1f\">", W - MR + 40, ly);
        out_text(&s, pg_history_state_name(h, k));
        out(&s, "</text>\n");
    }
    out(&s, "</svg>\n");
    if (s.failed) {
        pg__error(err, PG_ERR_IO, 0, 0, "", "the sink refused bytes");
        return PG_ERR_IO;
    }
    return PG_OK;
}
