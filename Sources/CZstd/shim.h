// The one header VectorCodecs imports from libzstd: streaming compression with a context
// (ZSTD_compressStream2, for the content checksum, the pledged size and block ends at chosen
// offsets), one-shot decompression, the compress bound and error names. The include path
// comes from pkg-config `libzstd` (Debian: libzstd-dev).
#include <zstd.h>
