#!/usr/bin/env bash
# tests/tools/include_graph.sh - the include graph of portlens's own code,
# checked for cycles at two levels (issue 13: none between files or
# folders):
#  - modules: a module is a .c and its .h (analyzer/flow/flow.{c,h});
#    module A depends on B when a file of A includes B's header;
#  - folders: analyzer/flow depends on analyzer/util when a file in the
#    first includes a header in the second (dissectors/ and portdb/ count
#    as folders too).
# Quoted includes are resolved against the repository root, then the
# including file's folder. tsort(1) reports any cycle.
# Usage: tests/tools/include_graph.sh [--dot]   (--dot prints the folder
# graph in Graphviz form and exits). Last line: "include-graph: N passed,
# M failed"; exit 1 when a cycle exists.
set -u
cd "$(dirname "$0")/../.." || exit 1
files=$(find analyzer dissectors portdb -name '*.[ch]' | sort)

# "from_file to_file" for every quoted include that names one of our
# files (resolved against the root, then the including file's folder);
# one grep and one awk, however many files.
edges() {
	# shellcheck disable=SC2086
	grep -H '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' $files |
	awk -v list="$files" '
		BEGIN { n = split(list, f, /[ \n]+/); for (i = 1; i <= n; i++) known[f[i]] = 1 }
		{
			file = $0; sub(/:.*/, "", file)
			inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
			dir = file; sub(/\/[^\/]*$/, "", dir)
			if (inc in known) print file, inc
			else if ((dir "/" inc) in known) print file, dir "/" inc
		}'
}
all=$(edges)
mod_edges=$(echo "$all" | awk 'NF == 2 { a = $1; b = $2; sub(/\.[ch]$/, "", a); sub(/\.[ch]$/, "", b); if (a != b) print a, b }' | sort -u)
dir_edges=$(echo "$all" | awk 'NF == 2 { a = $1; b = $2; sub(/\/[^\/]*$/, "", a); sub(/\/[^\/]*$/, "", b); if (a != b) print a, b }' | sort -u)

if [ "${1:-}" = --dot ]; then
	echo "digraph includes {"
	echo "$dir_edges" | awk 'NF == 2 { printf "  \"%s\" -> \"%s\";\n", $1, $2 }'
	echo "}"
	exit 0
fi

pass=0 fail=0
check() { # check NAME EDGES
	local out
	if out=$(echo "$2" | tsort 2>&1 >/dev/null) && [ -z "$out" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "include-graph FAIL: cycle between $1:"
		echo "$out" | sed 's/^/  /'
	fi
}
check modules "$mod_edges"
check folders "$dir_edges"
echo "include-graph: folders and what they include:"
echo "$dir_edges" | awk 'NF == 2 { d[$1] = d[$1] " " $2 } END { for (k in d) print "  " k " ->" d[k] }' | sort
echo "include-graph: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
