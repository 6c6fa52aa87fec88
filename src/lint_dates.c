/*
 * lint_dates.c - the dates status updates write: "10th September 2014",
 * "September 10th, 2014", "Fri Sept 27, 2019", "2014-09-10", and mail
 * Date: headers ("Mon, 1 Jul 2019 13:35:34 +0200").  Tolerant: the first
 * day-and-month found wins, a year right after it is taken.
 */
#include "lint_internal.h"

static const char *const months[] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};

static bool alpha(char ch) { return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'; }
static bool digit(char ch) { return ch >= '0' && ch <= '9'; }

static int month_of(const char *w, size_t n)
{
    /* A prefix of the name, at least three letters ("Sept", "Dec"). */
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t len = strlen(months[m]), i = 0;
        while (i < n && i < len && (w[i] | 0x20) == months[m][i])
            i++;
        if (i == n)
            return m + 1;
    }
    return 0;
}

static bool iso(const char *p, size_t n, pg__date *d)
{
    if (n < 10 || !digit(p[0]) || !digit(p[1]) || !digit(p[2]) || !digit(p[3]) || p[4] != '-' ||
        !digit(p[5]) || !digit(p[6]) || p[7] != '-' || !digit(p[8]) || !digit(p[9]))
        return false;
    d->y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    d->m = (p[5] - '0') * 10 + (p[6] - '0');
    d->d = (p[8] - '0') * 10 + (p[9] - '0');
    return d->m >= 1 && d->m <= 12 && d->d >= 1 && d->d <= 31;
}

bool pg__lint_parse_date(pg_str s, pg__date *out)
{
    pg__date d = {0, 0, 0};
    size_t i = 0;
    bool done = false; /* day and month seen: only a year may follow */
    while (i < s.len) {
        const char *p = s.ptr + i;
        size_t rest = s.len - i;
        if (iso(p, rest, out))
            return true;
        if (digit(*p)) {
            size_t n = 0;
            long v = 0;
            while (n < rest && digit(p[n]) && n < 6)
                v = v * 10 + (p[n++] - '0');
            if (n < rest && p[n] == ':') /* a time: 13:35:34 */
                break;
            size_t k = n;
            while (k < rest && alpha(p[k]))
                k++; /* 10th */
            if (n == 4 && v >= 1900 && v <= 2200) {
                d.y = (int)v;
                if (done)
                    break;
            } else if (!done && !d.d && v >= 1 && v <= 31 && n <= 2) {
                d.d = (int)v;
            } else if (done) {
                break;
            }
            i += k;
        } else if (alpha(*p)) {
            size_t n = 0;
            while (n < rest && alpha(p[n]))
                n++;
            int m = month_of(p, n);
            if (m && !d.m && !done)
                d.m = m;
            else if (done)
                break;
            i += n;
        } else {
            if (done && (*p == '-' || *p == '('))
                break; /* a range or a remark follows */
            i++;
        }
        if (d.m && d.d && !done) {
            done = true;
            if (d.y)
                break;
        }
    }
    if (!d.m || !d.d)
        return false;
    *out = d;
    return true;
}

int pg__lint_date_cmp(pg__date a, pg__date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    return (a.d > b.d) - (a.d < b.d);
}
