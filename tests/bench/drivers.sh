# shellcheck shell=sh
# drivers.sh -- sourced by the bench scripts (table.sh, run.sh, trend.sh,
# store.sh): compiles the bench's C drivers and generators with the
# Makefile's flags (and -Wformat=2 -Wvla), against the library `make` built,
# so that the four scripts build them the same way from one place.
#
# usage (after setting build, the build folder):
#   . tests/bench/drivers.sh
#   bench_cc OUTDIR NAME...   # NAME: bench_import, gen_store, genlogs, gendocs, linefloor
# environment: CC (cc), RG_PKG_LIBS (the libraries the Makefile links with;
# else pkg-config's list, the same as the Makefile's).

bench_flags="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes
       -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral -Wvla -O2 -g
       -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"
bench_libs="${build:?drivers.sh: set build first}/libreviewgen.a ${RG_PKG_LIBS:-$(pkg-config --libs sqlite3 libpq jansson libxml-2.0 libcmark-gfm zlib libzstd libpcre2-8 libutf8proc) -lcmark-gfm-extensions -lm -pthread}"

# bench_cc OUTDIR NAME...: OUTDIR/NAME from tests/bench/NAME.c, for each NAME.
bench_cc() {
    bench_out=$1
    shift
    for bench_p in "$@"; do
        case $bench_p in
        bench_import | gen_store) # link with the library
            # shellcheck disable=SC2086,SC2046
            ${CC:-cc} $bench_flags -Ireviewgen -Iimporters $(pkg-config --cflags jansson sqlite3) \
                -o "$bench_out/$bench_p" "tests/bench/$bench_p.c" $bench_libs || return 1
            ;;
        genlogs) # writes gzip too
            # shellcheck disable=SC2086
            ${CC:-cc} $bench_flags -o "$bench_out/$bench_p" "tests/bench/$bench_p.c" -lz || return 1
            ;;
        gendocs | linefloor)
            # shellcheck disable=SC2086
            ${CC:-cc} $bench_flags -o "$bench_out/$bench_p" "tests/bench/$bench_p.c" || return 1
            ;;
        *)
            echo "bench_cc: no such driver: $bench_p" >&2
            return 1
            ;;
        esac
    done
}
