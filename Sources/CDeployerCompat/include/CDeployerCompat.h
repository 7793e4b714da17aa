// Lets the static `bootstrap` load on Amazon Linux 2023 (glibc 2.34). See compat.c.
#ifndef C_DEPLOYER_COMPAT_H
#define C_DEPLOYER_COMPAT_H

/// Referenced from Swift so that this object is always linked into `bootstrap`.
int slipway_deployer_compat_version(void);

#endif
