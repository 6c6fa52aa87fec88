#!/bin/sh
# Turn grammar/lines.pcre2 into a C header: one enum value and one string
# per pattern.  The file format is:
#   # comment lines and blank lines are ignored
#   @NAME
#   <the pattern, on one line, exactly as PCRE2 reads it>
set -eu
src=$1
echo "/* Generated from $src by tools/gen-patterns.sh; do not edit. */"
echo "#ifndef PG_PATTERNS_H"
echo "#define PG_PATTERNS_H"
awk '
  /^#/ || /^[ \t]*$/ { next }
  /^@/ { name = substr($0, 2); names[n++] = name; next }
  {
    if (name == "") { print "pattern without @NAME: " $0 > "/dev/stderr"; exit 1 }
    s = ""
    for (i = 1; i <= length($0); i++) {   # C-escape by hand: awks differ on gsub
      c = substr($0, i, 1)
      if (c == "\\" || c == "\"") s = s "\\"
      s = s c
    }
    pat[name] = s; name = ""
  }
  END {
    print "enum pg_pattern_id {"
    for (i = 0; i < n; i++) print "    PG_PAT_" names[i] ","
    print "    PG_PAT__COUNT\n};"
    print "static const char *const pg_pattern_names[] = {"
    for (i = 0; i < n; i++) print "    \"" names[i] "\","
    print "};"
    print "static const char *const pg_pattern_src[] = {"
    for (i = 0; i < n; i++) print "    \"" pat[names[i]] "\","
    print "};"
  }' "$src"
echo "#endif"
