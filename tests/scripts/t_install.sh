#!/bin/sh
# t_install.sh - `make install` puts a working binary, headers, library,
# pkg-config file, man page and the bundled data under PREFIX.
set -eu
P=$(mktemp -d)
trap 'rm -rf "$P"' EXIT
make -s install PREFIX="$P" >/dev/null
for f in bin/nestmap include/nestmap/nm_graph.h lib/libnestmap.a lib/pkgconfig/nestmap.pc \
         share/man/man1/nestmap.1 share/nestmap/regional-security/memberships.csv \
         share/nestmap/crosswalk/cow-iso3.csv; do
    [ -f "$P/$f" ] || { echo "missing $f"; exit 1; }
done
"$P/bin/nestmap" info | grep -q "$P/share/nestmap/regional-security" || { echo "installed binary does not find its data"; exit 1; }
# a program built against the installed library and headers
cat > "$P/t.c" <<'C'
#include <nm_dataset.h>
int main(int argc, char **argv)
{
    nm_dataset ds;
    nm_diag d;
    nm_diag_init(&d);
    if (argc < 2 || nm_dataset_load(&ds, argv[1], NULL, &d) != NM_OK)
        return 1;
    nm_dataset_destroy(&ds);
    return 0;
}
C
PKG_CONFIG_PATH="$P/lib/pkgconfig" cc -o "$P/t" "$P/t.c" $(PKG_CONFIG_PATH="$P/lib/pkgconfig" pkg-config --cflags --libs nestmap)
"$P/t" "$P/share/nestmap/regional-security"
echo "install: ok"
