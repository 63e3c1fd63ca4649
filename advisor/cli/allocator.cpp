// The heap allocator's settings, for the programs that link jemalloc (stowage and its benchmark
// program; never a sanitized or fuzzing build, whose runtime owns malloc).
//
// Large simulations touch hundreds of megabytes to a few gigabytes of small records (flows,
// loads, events), spread across the heap. With 4 KiB pages, each page costs a fault on first
// touch and a TLB entry; on a virtual machine both are expensive (nested page tables). Backing the
// heap with transparent huge pages (2 MiB) removes most of both: measured on a 2-core VM, a burst
// of 100,000 loads with its JSON went from 1.40 s to 0.69 s of wall time and a million loads from
// 14.0 s to 6.1 s (README, "Benchmarks"). `thp:always` asks the kernel for huge pages on
// jemalloc's own mappings (madvise mode, the default on Debian 12, honours it); `metadata_thp`
// does the same for jemalloc's bookkeeping. The outputs do not depend on the allocator.
//
// jemalloc reads this string once, at its first allocation; it is a constant, not state.
extern "C" {
// NOLINTNEXTLINE(readability-identifier-naming): the name jemalloc looks for.
extern const char* const malloc_conf;
const char* const malloc_conf = "thp:always,metadata_thp:always";
}
