/*
 * lint_table.c - the rules: id, default severity, one-line summary and
 * the long explanation `prognosis lint --explain RULE` prints.
 *
 * Severities: error for what breaks the meaning a reader or a tool takes
 * from the update (a state nobody can rank, a heading or owner line that
 * attaches to the wrong thing); warning for what a careful release
 * manager fixes before sending; info for style and for signals that are
 * not defects of the text (long lines, stale items).
 */
#include "lint_internal.h"

static const pg_lint_rule rules[] = {
    {"unknown-state", PG_SEV_ERROR, true, false, "a state that is not on the document's scale",
     "The trailing parenthetical of an item is its state, and the state must\n"
     "be one of the document's scale (declared by a line like `The states\n"
     "are: none -> fair -> ok -> good -> done`, else the Xen scale).  A state\n"
     "off the scale cannot be ranked, so history, overdue and regression\n"
     "checks skip the item and readers have to guess.\n\n"
     "The finding suggests the nearest state: a different case (`Good`) or a\n"
     "typo (`godo`) gives `good`; phrases such as `in master` or `merged`\n"
     "suggest the top of the scale, and `mostly in master except one patch`\n"
     "the state below it.  Only the case-only spelling is fixed\n"
     "automatically; the others need a person.  In the keyed dialect the\n"
     "`prognosis:` line (`P:` in records) is checked the same way; write\n"
     "the scale such documents use in .prognosis.yaml (`scale: [poor, fair,\n"
     "good, excellent]`).\n\n"
     "Bad:   *  SMAP (in master)\nGood:  *  SMAP (done)\n"},
    {"missing-state", PG_SEV_WARNING, false, false, "an item in a tracked section without a state",
     "Items of tracked sections carry a state (`*  Title (state)`).  Sections\n"
     "whose titles start with `Up for grabs`, `Completed`, `Done`,\n"
     "`Finished`, `Deferred`, `Timeline` or `Prognosis` need none (the list\n"
     "is `no-state-sections` in .prognosis.yaml), nor do timeline entries,\n"
     "items of the tracking-list dialect, quoted items of a reply, or any\n"
     "item of a document that gives no item a state.\n"},
    {"missing-owner", PG_SEV_WARNING, false, false, "an item in a tracked section without an owner",
     "Items of tracked sections name who works on them (`  -  Name`).\n"
     "Sections like `Up for grabs`, `Completed`, `Deferred` need no owner\n"
     "(`no-owner-sections` in .prognosis.yaml); neither do timeline entries,\n"
     "tracking-list items, quoted items or documents that name no owner.\n"},
    {"orphan-owner", PG_SEV_ERROR, false, false, "an owner line that belongs to no item",
     "An owner line (`  -  Name`) separated from its item by a blank line, or\n"
     "right under a heading, attaches to no item: the owner is lost for\n"
     "every tool that reads the update.  Remove the blank line or move the\n"
     "owner under its item.\n"},
    {"orphan-note", PG_SEV_WARNING, false, false, "an indented note line that belongs to no item",
     "An indented note line separated from the item above by a blank line\n"
     "(or right under a heading) is read as prose, not as the item's note.\n"},
    {"malformed-heading", PG_SEV_ERROR, true, false,
     "a heading with unbalanced `=`, missing spaces, or a level jump",
     "Headings are `= Title =`, `== Title ==` ...: the same number of `=` on\n"
     "both sides, one space between them and the title, and a subsection\n"
     "one level below its parent.  `== ARM =` and `==ARM==` are fixed\n"
     "automatically; a level jump (`=` then `===`) needs a person.\n"},
    {"malformed-item", PG_SEV_WARNING, true, false,
     "bullet or indent spacing off the canonical form",
     "The canonical tracked item is `*  Title (state)` (bullet at column 1,\n"
     "two spaces), owner lines `  -  Name` (two spaces, dash, two spaces) and\n"
     "note lines indented by three spaces.  Other spacing still parses but\n"
     "makes the update ragged and diffs noisy; fmt fixes it.\n"},
    {"done-outside-completed", PG_SEV_WARNING, false, false,
     "a done item outside the Completed section",
     "When the document has a Completed (or Done/Finished) section, items at\n"
     "the top of the scale belong there.\n"},
    {"undone-in-completed", PG_SEV_WARNING, false, false,
     "an item in the Completed section that is not done",
     "An item in a Completed section with a state below the top of the\n"
     "scale contradicts itself: either the state or the section is wrong.\n"
     "Items there without a state are fine.\n"},
    {"duplicate-item", PG_SEV_WARNING, false, false, "the same item title twice in one document",
     "Two items with the same title (ignoring case, spacing and a final\n"
     "dot) make history and diffs ambiguous.\n"},
    {"empty-section", PG_SEV_WARNING, false, false, "a section with no items, subsections or text",
     "A heading directly followed by the next heading usually means items\n"
     "were lost while editing.  Remove the heading or fill it.\n"},
    {"timeline-order", PG_SEV_WARNING, false, false, "timeline dates out of order",
     "The dates of a timeline go forward.  A date before its predecessor is\n"
     "usually a typo in the year or the month.  Dates without a year take\n"
     "the year of the entry before them.\n"},
    {"date-without-year", PG_SEV_INFO, false, false, "a timeline date without a year",
     "`First RC: 10th October` is read with the year of the entry before\n"
     "it; write the year to make the timeline unambiguous.\n"},
    {"stale-item", PG_SEV_INFO, false, true,
     "an item whose state has not moved for several updates",
     "With earlier updates given (--previous FILE, oldest first, or\n"
     "--previous-rev REV), an open item whose state is the same in this\n"
     "update and in each of the last N updates before it (N is\n"
     "`stale-after`, default 3) is reported: it may need help or a new\n"
     "prognosis.\n"},
    {"state-regressed", PG_SEV_WARNING, false, true,
     "an item's state went backwards since the previous update",
     "Compared with the most recent earlier update that has the item, the\n"
     "state moved down the scale (good -> fair).  Sometimes true, often a\n"
     "copy-and-paste slip.\n"},
    {"item-dropped", PG_SEV_WARNING, false, true, "an open item of the previous update vanished",
     "An item of the previous update that had not reached the top of the\n"
     "scale is gone from this one.  Move finished work to Completed and\n"
     "abandoned work to Deferred instead of deleting it.\n"},
    {"overdue-item", PG_SEV_WARNING, false, false,
     "a timeline date has passed and the item is still at the start",
     "The document's own timeline has a date that has passed (today is\n"
     "--today, else the mail's Date: header, else the `Last updated:` line,\n"
     "else the clock) and an item of a tracked section is still at the\n"
     "first state of the scale.\n"},
    {"long-line", PG_SEV_INFO, true, false, "a line a mail client will wrap",
     "Lines over `line-length` columns (default 72) get wrapped by mail\n"
     "clients, which can split an item head from its state.  Lines that end\n"
     "in a format=flowed soft break (a trailing space), the subject line,\n"
     "quoted lines and lines that cannot be broken (one long word such as a\n"
     "URL) are exempt.  Inside items the fix breaks the line with a soft\n"
     "break (the form mail clients write); prose is left to the author,\n"
     "since breaking it one word at a time leaves ragged paragraphs.\n"},
    {"trailing-space", PG_SEV_INFO, true, false,
     "whitespace at the end of a line that is not a soft break",
     "A trailing space before a non-blank line of the same quote depth is a\n"
     "format=flowed soft break and is fine; elsewhere (a heading, a blank\n"
     "line, the end of a paragraph) it is noise that some clients turn into\n"
     "a join with the next line.\n"},
    {"tab", PG_SEV_INFO, true, false, "a tab character",
     "Tabs render at different widths in different clients and break the\n"
     "column layout of the update.  The fix expands them to spaces.\n"},
    {"invalid-utf8", PG_SEV_WARNING, false, false, "bytes that are not UTF-8",
     "The update is read as UTF-8; other bytes (Latin-1 names, a cut\n"
     "multi-byte character) show as replacement characters.\n"},
    {"wrapped-line", PG_SEV_WARNING, false, false,
     "a line broken by a mail client without a soft break",
     "A line that continues an item head, owner or note line at a smaller\n"
     "indent, right after a line long enough to have been wrapped, is a\n"
     "piece of the line above that a mail client broke off without a\n"
     "format=flowed soft break.  It is read as prose (or lost), so the item\n"
     "loses part of its title, state or note.  Join it to the line above.\n"},
    /* Found by the parser itself; here so they can be configured. */
    {"nul-byte", PG_SEV_ERROR, false, false, "a NUL byte in the text",
     "NUL bytes are no text: some tools stop reading at them.  The parser\n"
     "keeps them as data; remove them.\n"},
    {"match-limit", PG_SEV_WARNING, false, false, "a line too hard for the line grammar",
     "A line made the pattern matcher hit its work limit (a pathological\n"
     "line, e.g. thousands of parentheses).  It was read as plain text.\n"},
};

#define N_RULES (sizeof rules / sizeof rules[0])
_Static_assert(N_RULES <= PG_LINT_MAX_RULES, "rule table too big");

size_t pg_lint_rule_count(void) { return N_RULES; }

const pg_lint_rule *pg_lint_rule_at(size_t i) { return i < N_RULES ? &rules[i] : NULL; }

int pg__lint_rule_index(const char *id)
{
    if (!id)
        return -1;
    for (size_t i = 0; i < N_RULES; i++)
        if (!strcmp(rules[i].id, id))
            return (int)i;
    return -1;
}

bool pg__lint_parser_only(const pg_lint_rule *r)
{
    return !strcmp(r->id, "nul-byte") || !strcmp(r->id, "match-limit");
}

const pg_lint_rule *pg_lint_rule_find(const char *id)
{
    int i = pg__lint_rule_index(id);
    return i < 0 ? NULL : &rules[i];
}

const char *pg_lint_severity_name(pg_severity s)
{
    switch (s) {
    case PG_SEV_ERROR:
        return "error";
    case PG_SEV_WARNING:
        return "warning";
    case PG_SEV_INFO:
        return "info";
    default:
        return "off";
    }
}

bool pg_lint_severity_parse(const char *s, pg_severity *out)
{
    static const char *const names[] = {"off", "info", "warning", "error"};
    for (int i = 0; i < 4; i++)
        if (s && !strcmp(s, names[i])) {
            *out = (pg_severity)i;
            return true;
        }
    return false;
}
