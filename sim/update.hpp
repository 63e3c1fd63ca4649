// Model updates: how long a new model version takes to reach new instances, per storage choice.
//
// When a new version ships, each storage has its own pipeline before a cold start can load it:
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

#include <string>
#include <vector>

#include "sim/cold_start.hpp"
#include "sim/result.hpp"

namespace stowage::sim {

/// The update pipeline of the inputs' storage choice for the workload's model on its platform.
UpdateTimeline update_timeline(const ColdStartInputs& in);

/// `428.9 s (build 92.1 s + push 36.8 s + preprocess 300 s)`.
std::string update_text(const UpdateTimeline& u);

}  // namespace stowage::sim
