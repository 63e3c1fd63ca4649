// Model updates: how long a new model version takes to reach new instances, per storage choice.
//
// When a new version ships, each storage has its own pipeline before a cold start can load it;
// each kind declares its own (StorageKind::update, sim/storage/kind.hpp), from these steps:
//   image        rebuild the image with the new model layer (size / build_rate), push it to the
//                platform's registry (size / push_rate), then the platform preprocesses
//                (accelerates) it: max(preprocessing.base + preprocessing.per_GB x size / 1 GB,
//                ready_delay). New instances can start from the image once it is pushed; until
//                preprocessing ends they pull the whole image, unaccelerated, before starting;
//   nas, local   copy the files in with one writer that has a platform instance's bandwidth:
//                size / min(update.write_rate, instance_bandwidth);
//   object_fuse  upload the objects: the same formula with the bucket's write rate;
//   accelerator  upload to the bucket behind it (the bucket's write rate); the cache fills on
//                the first reads, which the cold-start simulation models as misses; with
//                `warm: true` a warm-up job then loads the cache: max(update.warm_up, size /
//                the cache's bandwidth at its capacity).
// `available_s` is when loads can read the new version, `ready_s` when a cold start runs at its
// usual speed again: the update-to-ready time. A step whose rate no profile gives is not counted
// and is named in `unmodelled`, so a report never passes a guess off as a figure.
// The image is taken to hold the model's bytes only: base layers (CUDA, the framework) are not
// counted, which understates the image's build, push and preprocessing times.
// Worked example: a 4.605 GB model on fc-gpu (build 50 MB/s, push 125 MB/s, preprocessing 60 s
// + 30 s per GB, ready delay 300 s): build 92.1 s + push 36.84 s + preprocess max(198.15 s,
// 300 s) = 428.94 s; on nas-performance (write 1 GB/s, instance 625 MB/s): 4.605e9 / 625e6 =
// 7.368 s.
// Units: seconds. Pure functions of their inputs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/result.hpp"
#include "sim/storage/kind.hpp"

namespace stowage::sim {

/// The update pipeline of the setup's storage choice for the workload's model on its platform.
UpdateTimeline update_timeline(const StorageSetup& setup);

/// `428.9 s (build 92.1 s + push 36.8 s + preprocess 300 s)`; with a step not counted, `an
/// unknown time (not counted: build (no image build rate), ...)` or, when other steps have
/// times, `an unknown time, more than 36.8 s (push 36.8 s); not counted: build (...)`.
std::string update_text(const UpdateTimeline& u);

// Steps the kinds compose their pipelines from.

/// `4.61 GB at 50 MB/s (image build rate)`.
std::string at_rate(Bytes size, BytesPerSecond rate, std::string_view what);
/// Appends a step of `size / rate`, or names it in `unmodelled` when there is no rate.
void add_rate_step(UpdateTimeline& u, UpdateStepKind kind, Bytes size,
                   const std::optional<BytesPerSecond>& rate, std::string_view what);
/// A copy by one writer with the platform instance's bandwidth into a storage that takes
/// `write_rate` (none: only the writer bounds it).
UpdateStep copy_step(Bytes size, const std::optional<BytesPerSecond>& write_rate,
                     std::string_view storage, const PlatformProfile& platform);
/// The usual pipeline of a storage written by a copy: one copy step, ready when it ends.
UpdateTimeline copy_timeline(const StorageSetup& setup);

}  // namespace stowage::sim
