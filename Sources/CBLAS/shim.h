// The one header NeuralInference imports from OpenBLAS: `cblas_sgemm` for every matrix product
// and `openblas_set_num_threads`/`openblas_get_num_threads` so the engine decides how many
// threads BLAS may use (its own pool would otherwise oversubscribe the cores that
// sequence-level parallelism already keeps busy). The include path comes from
// pkg-config `openblas` (Debian: libopenblas-dev).
#include <cblas.h>
