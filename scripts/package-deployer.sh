#!/usr/bin/env bash
# Builds the deployer Lambda (a custom runtime for provided.al2023 on x86_64) and packages it:
#   .build/slipway-deployer/bootstrap             the stripped executable
#   .build/slipway-deployer/slipway-deployer.zip  what `slipway apply` uploads (bootstrap, mode 0755)
# and prints the zip's size. Release builds use their own scratch path (.build-deployer), so
# they never disturb the debug build in .build.
#
# How the executable is made to load on Amazon Linux 2023 (glibc 2.34) when built on a newer
# system, and kept small:
#   --static-swift-stdlib            the Swift runtime, Foundation(Essentials) and Dispatch inside
#   -L .build-deployer/static-libs   holds only libz.a and libstdc++.a, so `-lz` and `-lstdc++`
#                                    resolve to the static archives: no libz.so or libstdc++.so
#                                    (of whatever version) is needed at run time
#   --wrap=hypot,hypotf,arc4random   send the references that would need GLIBC_2.35/2.36 to the
#                                    shims in Sources/CDeployerCompat/compat.c
#   --no-export-dynamic              drops the dynamic symbol table the static stdlib's link
#                                    flags ask for (nothing dlsym()s into this program): -1.2 MB zipped
#   strip, and a deterministic zip   (fixed timestamps), so an unchanged build gives an unchanged
#                                    zip and `apply` sees no code change
# and kept within the 20 MiB peak RSS target (bench/deployer/run.sh, VmHWM; most of it is pages of
# this executable, so fewer and smaller pages touched at start is what counts):
#   -Osize, -Xcc -Os, function sections  smaller code, and one section per Swift and C function so
#                                    SwiftPM's --gc-sections drops unused functions, not only unused
#                                    objects: .text 20.1 -> 16.9 MB, zip 11.4 -> 10.1 MiB, peak RSS
#                                    22.5 -> 19.9 MiB (binary freshly written, as after this script)
#   (not -no-pie: it saves another 1.6 MiB, the start-up relocations, but gives up ASLR for
#   the executable image)
# The script then checks the result: only glibc's own libraries needed, no GLIBC_ symbol
# version above 2.34, and a zip of at most 15 MB.
#
# With --debug it packages the debug build's bootstrap instead (.build/slipway-deployer-debug/),
# from the same build as the debug CLI: for the demo, where the emulator simulates the deployer
# and only the upload matters. That bootstrap links the toolchain's Swift runtime, so it would
# not start on Lambda; the release package above is the one to deploy.
set -euo pipefail
cd "$(dirname "$0")/.."

# A deterministic zip of one file named bootstrap, mode 0755 (fixed timestamps: an unchanged
# build gives an unchanged zip, and `apply` sees no code change).
write_zip() {
    python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
info = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = (0o100755 << 16)
info.create_system = 3  # Unix, so that Lambda keeps the mode
info.compress_type = zipfile.ZIP_DEFLATED
with open(source, "rb") as f, zipfile.ZipFile(target + ".tmp", "w") as z:
    z.writestr(info, f.read(), compresslevel=9)
os.replace(target + ".tmp", target)
PY
}

if [ "${1:-}" = "--debug" ]; then
    out=".build/slipway-deployer-debug"
    mkdir -p "$out"
    swift build --product bootstrap 2>&1 | { grep -v -e "^info: " || true; } >&2
    strip -o "$out/bootstrap" "$(swift build --product bootstrap --show-bin-path)/bootstrap"
    write_zip "$out/bootstrap" "$out/slipway-deployer.zip"
    echo "$out/slipway-deployer.zip $(stat -c %s "$out/slipway-deployer.zip")"
    exit 0
fi

scratch=".build-deployer"
out=".build/slipway-deployer"
max_glibc="2.34"
max_zip_bytes=$((15 * 1024 * 1024))

static_libs="$PWD/$scratch/static-libs"
mkdir -p "$static_libs" "$out"
find_static() {
    local name="$1" path
    path=""
    for compiler in gcc cc clang; do
        command -v "$compiler" >/dev/null 2>&1 || continue
        path="$("$compiler" -print-file-name="$name" 2>/dev/null || true)"
        [ -f "$path" ] && break
    done
    if [ ! -f "$path" ]; then
        for dir in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/lib/gcc/x86_64-linux-gnu/*; do
            [ -f "$dir/$name" ] && path="$dir/$name" && break
        done
    fi
    [ -f "$path" ] || { echo "package-deployer: $name not found (install zlib's and libstdc++'s static libraries)" >&2; exit 1; }
    ln -sf "$path" "$static_libs/$name"
}
find_static libz.a
find_static libstdc++.a

echo "package-deployer: building bootstrap (release, static Swift stdlib) in $scratch" >&2
swift build -c release --product bootstrap --static-swift-stdlib --scratch-path "$scratch" \
    -Xswiftc -L -Xswiftc "$static_libs" \
    -Xlinker --wrap=hypot -Xlinker --wrap=hypotf -Xlinker --wrap=arc4random \
    -Xlinker --no-export-dynamic \
    -Xswiftc -Osize -Xcc -Os \
    -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcc -fdata-sections 2>&1 \
    | { grep -v -e "createTemporaryFile" -e "^info: " || true; } >&2

built="$(swift build -c release --product bootstrap --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/bootstrap"
strip -o "$out/bootstrap" "$built"
chmod 0755 "$out/bootstrap"

# Only glibc's libraries may be needed, and no symbol version newer than Amazon Linux 2023's glibc.
needed="$(objdump -p "$out/bootstrap" | awk '/NEEDED/ {print $2}' | sort | tr '\n' ' ')"
for library in $needed; do
    case "$library" in
        libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1|libgcc_s.so.1|ld-linux-x86-64.so.2) ;;
        *) echo "package-deployer: bootstrap needs $library, which provided.al2023 may not have" >&2; exit 1 ;;
    esac
done
newest="$(objdump -T "$out/bootstrap" | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/GLIBC_//' | sort -V | tail -1)"
if [ "$(printf '%s\n%s\n' "$newest" "$max_glibc" | sort -V | tail -1)" != "$max_glibc" ]; then
    echo "package-deployer: bootstrap needs GLIBC_$newest, newer than Amazon Linux 2023's $max_glibc:" >&2
    objdump -T "$out/bootstrap" | grep -E "GLIBC_$newest" >&2
    exit 1
fi

write_zip "$out/bootstrap" "$out/slipway-deployer.zip"

zip_bytes="$(stat -c %s "$out/slipway-deployer.zip")"
binary_bytes="$(stat -c %s "$out/bootstrap")"
if [ "$zip_bytes" -gt "$max_zip_bytes" ]; then
    echo "package-deployer: the zip is $zip_bytes bytes, more than 15 MB" >&2
    exit 1
fi
awk -v zip="$zip_bytes" -v bin="$binary_bytes" -v path="$out/slipway-deployer.zip" -v glibc="$newest" -v libs="$needed" \
    'BEGIN { printf "package-deployer: %s: %d bytes (%.1f MiB); bootstrap %.1f MiB, needs GLIBC_%s at most, links %s\n", path, zip, zip / 1048576, bin / 1048576, glibc, libs }' >&2
echo "$out/slipway-deployer.zip $zip_bytes"
