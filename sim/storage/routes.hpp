// Routes and limits that several storage kinds share: a client's own bound, an object store's
// account and per-object caps, the per-instance part of a route, a FUSE client's CPU.
//
// The limits a read can cross, all from the storage profile except the instance's NIC:
//   instance NIC      platform `instance_bandwidth`, one SHARED constraint per instance;
//   FUSE client CPU   `fuse.per_vcpu` x the instance's vCPUs, one per instance (FUSE kinds);
//   shared            `throughput.shared` evaluated at the sizing (NAS from the data stored, an
//                     accelerator from its capacity), one constraint for all instances;
//   account           min(`throughput.account`, `requests.account_qps` x `requests.size`);
//   per file          min(`throughput.per_file`, `requests.file_qps` x `requests.size`), one
//                     constraint per model file shared by every reader of that file;
//   own bound         min(`per_client`, connections x `per_connection`, streams x `per_stream`):
//                     `per_connection` is an achieved rate per connection (requests in flight
//                     back to back), so a client with N connections reads at most N x it; the
//                     connections are the loader's streams (sim/coldstart/loader.hpp), times
//                     the FUSE client's `threads_per_reader` when it serves each open file with
//                     several requests, at most its per-mount `threads`; a client with only
//                     `threads` keeps that many in flight whatever the streams; `per_stream` is
//                     what one sequential reader gets from a file system or volume.
// Worked example (oss profile, 8 vCPU, 16 FUSE threads): 16 x 85 MB/s bound the instance at
// 1.36 GB/s; FUSE CPU 8 x 1.1 GB/s = 8.8 GB/s; NIC 5 Gbit/s = 625 MB/s: the NIC binds a lone
// reader. Pure functions; units bytes per second.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/storage/kind.hpp"

namespace stowage::sim {

/// The connections one instance's client keeps open to `p` for `streams` readers: the streams,
/// times a FUSE client's `threads_per_reader`, at most its `threads` (a client with `threads`
/// alone keeps that many whatever the streams).
std::int64_t client_connections(const StorageProfile& p, std::int64_t streams);
/// The own bound of one instance's reads from `p` with `streams` reads in flight: the
/// per-client cap, client_connections x the per-connection rate, and streams x the per-stream
/// rate.
BytesPerSecond client_bound(const StorageProfile& p, std::int64_t streams);
/// What sets client_bound: `NAME per-client cap`, `NAME connections` or `NAME streams`.
std::string client_bound_label(const StorageProfile& p, std::int64_t streams);

/// The account-wide and per-file constraints of an object store.
struct ObjectConstraints {
  std::optional<ConstraintId> account;
  std::vector<ConstraintId> per_file;  // empty, or one per model file
};
/// Adds the account-wide and per-file constraints of object store `p` holding `model`, named
/// after `prefix`.
ObjectConstraints add_object_constraints(FlowNetwork& net, const StorageProfile& p,
                                         const Model& model, const std::string& prefix);
/// Appends the object store's account and file `file` constraints to `via`.
void append_object_via(std::vector<ConstraintId>& via, const ObjectConstraints& objects,
                       std::size_t file);

/// The most constraints a route crosses: NIC, FUSE CPU, cache or file system, account, file.
constexpr std::size_t kRouteConstraints = 5;
/// The per-instance part of a route: the NIC and the storage's own links of the instance, with
/// room for kRouteConstraints in all (one allocation a read).
std::vector<ConstraintId> instance_via(const InstanceLinks& links);

/// Adds the instance's FUSE client CPU (`fuse.per_vcpu` x `vcpu`) to `links`, when `p` has a
/// FUSE client.
void add_fuse_link(FlowNetwork& net, InstanceLinks& links, const StorageProfile& p, double vcpu);
/// A note when the FUSE client's connections are not the loader's streams.
std::vector<std::string> fuse_connection_notes(const StorageProfile& p, std::int64_t streams);

}  // namespace stowage::sim
