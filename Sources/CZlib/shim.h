// zlib, for the deployer's unzip (inflate of the Build stage's artifact). The package script
// links libz.a statically, so the Lambda needs no libz.so.
#include <zlib.h>
