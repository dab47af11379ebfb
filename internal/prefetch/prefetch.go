// Package prefetch asks the processor to start loading memory that will be
// needed soon. Stages that walk large tables in an order the hardware
// cannot predict (the profile store by account, the linker's object lists
// by candidate pair) wait on a cache miss per record; issuing the load a few
// records ahead overlaps those waits with useful work. A plain Go load
// cannot do this, because the processor must keep it in flight until it
// completes, and the work in between is long enough to stall behind it; a
// prefetch instruction retires at once.
package prefetch
