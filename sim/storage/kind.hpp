// StorageKind: the tag a storage profile carries (`kind:` in profiles/storage/*.yaml).
//
// The tag only names a kind; what a kind does lives in its own file under sim/storage/ and in
// the registry (sim/storage/registry.hpp). Code outside sim/storage/ and the profile reader reads
// a kind's declared properties from the registry and never branches on the tag.
#pragma once

#include <cstdint>

namespace stowage::sim {

/// Which storage a profile describes. The order is the registry's and `profiles list`'s.
enum class StorageKind : std::uint8_t {
  kImage,        // weights baked into the container image, fetched with it
  kNas,          // a network file system over NFS (NAS, CPFS, EFS, FSx for Lustre)
  kObjectFuse,   // an object store mounted through a FUSE client in the instance
  kAccelerator,  // an object-store cache in the zone, read through the same FUSE client
  kLocal,        // a disk attached to the instance, the reference upper bound
  kBlock,        // a network block volume (EBS, a cloud disk) behind the instance's block link
  kObjectDirect,  // an object store read by the loader itself: ranged GETs, no mount, no FUSE
  kHostMemory,    // weights already in the instance's host memory (a node cache, a loader pool)
};

}  // namespace stowage::sim
