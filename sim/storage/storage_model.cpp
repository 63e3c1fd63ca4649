#include "sim/storage/storage_model.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/check.hpp"

namespace stowage::sim {

StorageModel::StorageModel(const StorageSetup& setup) : setup_(setup) {
  STOWAGE_CHECK(setup.profile && setup.platform && setup.workload, "incomplete storage setup");
  own_bound_label_ = client_bound_label(*setup.profile, setup.streams);
}

BytesPerSecond StorageModel::fuse_capacity(double vcpu) const {
  STOWAGE_CHECK(uses_fuse(), "fuse_capacity of a storage without a FUSE client");
  return setup_.profile->fuse->per_vcpu * vcpu;
}

std::vector<DelayPhase> StorageModel::attach_phases() const {
  std::vector<DelayPhase> phases;
  const StorageColdStart& cs = setup_.profile->cold_start;
  if (cs.mount) phases.push_back({Phase::kMount, *cs.mount});
  return phases;
}

Sizing sizing_of(const StorageChoice& choice, const StorageProfile& profile, Bytes model_bytes) {
  // A file system holds at least the model; a cache is at least as large as it is bought.
  Sizing s;
  s.stored = choice.stored.value_or(model_bytes);
  if (choice.capacity) {
    s.provisioned = *choice.capacity;
  } else if (profile.limits.min_capacity) {
    s.provisioned = std::max(*profile.limits.min_capacity, model_bytes);
  } else {
    s.provisioned = model_bytes;
  }
  return s;
}

ReadRoute StorageModel::full_pull(const InstanceLinks& /*links*/) {
  STOWAGE_CHECK(false, "only an image is pulled whole");
  return {};
}

Sizing StorageModel::sizing() const {
  return sizing_of(setup_.choice, *setup_.profile, model().total_size());
}

BytesPerSecond StorageModel::client_bound(const StorageProfile& p, std::int64_t streams) {
  double bound_bps = kUnbounded;
  if (p.throughput.per_client) bound_bps = std::min(bound_bps, p.throughput.per_client->value());
  if (p.throughput.per_connection) {
    const double connections = p.fuse && p.fuse->threads ? static_cast<double>(*p.fuse->threads)
                                                          : static_cast<double>(streams);
    bound_bps = std::min(bound_bps, p.throughput.per_connection->value() * connections);
  }
  if (p.throughput.per_stream) {
    bound_bps =
        std::min(bound_bps, p.throughput.per_stream->value() * static_cast<double>(streams));
  }
  return BytesPerSecond(bound_bps);
}

std::string StorageModel::client_bound_label(const StorageProfile& p, std::int64_t streams) {
  const double bound = client_bound(p, streams).value();
  const char* what = "connections";
  if (p.throughput.per_client && p.throughput.per_client->value() <= bound) {
    what = "per-client cap";
  } else if (p.throughput.per_stream &&
             p.throughput.per_stream->value() * static_cast<double>(streams) <= bound) {
    what = "streams";
  }
  return fmt::format("{} {}", p.info.name, what);
}

StorageModel::ObjectConstraints StorageModel::add_object_constraints(FlowNetwork& net,
                                                                     const StorageProfile& p,
                                                                     const Model& model,
                                                                     const std::string& prefix) {
  ObjectConstraints out;
  // A request-rate cap is a throughput cap once the request size is known.
  const double request_bytes = p.requests.size ? p.requests.size->value() : 0.0;
  double account_bps = p.throughput.account ? p.throughput.account->value() : kUnbounded;
  if (p.requests.account_qps && request_bytes > 0) {
    account_bps = std::min(account_bps, *p.requests.account_qps * request_bytes);
  }
  if (account_bps < kUnbounded) {
    out.account = net.add_constraint({prefix + " account", BytesPerSecond(account_bps)});
  }
  double file_bps = p.throughput.per_file ? p.throughput.per_file->value() : kUnbounded;
  if (p.requests.file_qps && request_bytes > 0) {
    file_bps = std::min(file_bps, *p.requests.file_qps * request_bytes);
  }
  if (file_bps < kUnbounded) {
    for (std::size_t f = 0; f < model.files.size(); ++f) {
      out.per_file.push_back(net.add_constraint(
          {fmt::format("{} object {}", prefix, model.files[f].path), BytesPerSecond(file_bps)}));
    }
  }
  return out;
}

std::vector<ConstraintId> StorageModel::instance_via(const InstanceLinks& links) {
  // Room for what a kind adds after these (its shared constraint, a bucket's account and file
  // caps): one allocation a read.
  std::vector<ConstraintId> via;
  via.reserve(kRouteConstraints);
  via.push_back(links.nic);
  if (links.fuse_cpu) via.push_back(*links.fuse_cpu);
  return via;
}

std::unique_ptr<StorageModel> make_storage_model(const StorageSetup& setup) {
  return kind_spec(setup.profile->kind).make(setup);
}

std::optional<std::string> storage_infeasibility(const StorageSetup& setup) {
  const StorageProfile& p = *setup.profile;
  const StorageKindSpec& kind = kind_spec(p.kind);
  if (setup.choice.warm && !kind.can_warm) {
    return fmt::format("`warm` applies to an accelerator's cache; {} is a {} storage", p.info.name,
                       kind.name);
  }
  if (kind.has_backing && setup.backing == nullptr) {
    return fmt::format("{} needs the object store behind it", p.info.name);
  }
  return kind.infeasible ? kind.infeasible(setup) : std::nullopt;
}

}  // namespace stowage::sim
