/*
 * ring_buffer.c - a fixed-size byte ring buffer for the serial driver.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RING_CAPACITY 256
#define RING_MASK (RING_CAPACITY - 1)

typedef struct ring {
    uint8_t data[RING_CAPACITY];
    size_t head;
    size_t tail;
} ring_t;

enum ring_status {
    RING_OK = 0,
    RING_FULL,
    RING_EMPTY,
};

static unsigned long dropped_bytes;

/* Number of bytes waiting to be read. */
static size_t ring_used(const ring_t *ring)
{
    return (ring->head - ring->tail) & RING_MASK;
}

void ring_init(ring_t *ring)
{
    memset(ring, 0, sizeof(*ring));
}

/* Appends one byte; counts it as dropped when the buffer is full. */
enum ring_status ring_put(ring_t *ring, uint8_t byte)
{
    if (ring_used(ring) == RING_CAPACITY - 1) {
        dropped_bytes++;
        return RING_FULL;
    }
    ring->data[ring->head] = byte;
    ring->head = (ring->head + 1) & RING_MASK;
    return RING_OK;
}

enum ring_status ring_get(ring_t *ring, uint8_t *byte)
{
    if (ring->head == ring->tail) {
        return RING_EMPTY;
    }
    *byte = ring->data[ring->tail];
    ring->tail = (ring->tail + 1) & RING_MASK;
    return RING_OK;
}

size_t ring_read(ring_t *ring, uint8_t *out, size_t len)
{
    size_t n = 0;
    while (n < len && ring_get(ring, &out[n]) == RING_OK) {
        n++;
    }
    return n;
}
