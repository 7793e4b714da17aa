// A symbol-version shim for the static `bootstrap` (the deployer Lambda).
//
// Linked on a build machine with glibc >= 2.35, the static Swift standard library binds
// `hypot` and `hypotf` to their GLIBC_2.35 versions (glibc 2.35 replaced their
// implementation), and Amazon Linux 2023, which Lambda's provided.al2023 runs, has glibc
// 2.34: the dynamic loader would refuse the program. scripts/package-deployer.sh links with
// `--wrap=hypot --wrap=hypotf`, which sends every reference to the functions below; they call
// the versions every glibc since 2.2.5 has. The script also links libstdc++ statically (Amazon
// Linux 2023's is older than the build machine's, and its minimal image need not have one), and
// GCC 12's libstdc++ seeds std::random_device with `arc4random`, new in glibc 2.36:
// `--wrap=arc4random` sends it to getrandom(2) (glibc 2.25). Without `--wrap` (debug builds,
// tests) these functions are unused.
#include "CDeployerCompat.h"
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

#if defined(__linux__) && defined(__x86_64__) && defined(__GLIBC__)
double slipway_old_hypot(double, double);
float slipway_old_hypotf(float, float);
__asm__(".symver slipway_old_hypot, hypot@GLIBC_2.2.5");
__asm__(".symver slipway_old_hypotf, hypotf@GLIBC_2.2.5");

double __wrap_hypot(double x, double y) { return slipway_old_hypot(x, y); }
float __wrap_hypotf(float x, float y) { return slipway_old_hypotf(x, y); }

uint32_t __wrap_arc4random(void) {
    uint32_t value;
    for (;;) {
        ssize_t count = getrandom(&value, sizeof value, 0);
        if (count == (ssize_t)sizeof value) return value;
        if (count < 0 && errno != EINTR) abort();
    }
}
#endif

int slipway_deployer_compat_version(void) { return 1; }
