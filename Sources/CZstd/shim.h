// The one header VectorCodecs imports from libzstd: one-shot compression with a context
// (ZSTD_compress2, so the frame can carry a content checksum), one-shot decompression, the
// compress bound and error reporting. The include path comes from pkg-config `libzstd`
// (Debian: libzstd-dev).
#include <zstd.h>
