#include "sim/storage/routes.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace stowage::sim {

std::int64_t client_connections(const StorageProfile& p, std::int64_t streams) {
  if (!p.fuse) return streams;
  std::int64_t connections = streams;
  if (p.fuse->threads_per_reader) connections = streams * *p.fuse->threads_per_reader;
  if (p.fuse->threads) {
    connections =
        p.fuse->threads_per_reader ? std::min(connections, *p.fuse->threads) : *p.fuse->threads;
  }
  return connections;
}

BytesPerSecond client_bound(const StorageProfile& p, std::int64_t streams) {
  double bound_bps = kUnbounded;
  if (p.throughput.per_client) bound_bps = std::min(bound_bps, p.throughput.per_client->value());
  if (p.throughput.per_connection) {
    bound_bps = std::min(bound_bps, p.throughput.per_connection->value() *
                                        static_cast<double>(client_connections(p, streams)));
  }
  if (p.throughput.per_stream) {
    bound_bps =
        std::min(bound_bps, p.throughput.per_stream->value() * static_cast<double>(streams));
  }
  return BytesPerSecond(bound_bps);
}

std::string client_bound_label(const StorageProfile& p, std::int64_t streams) {
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

ObjectConstraints add_object_constraints(FlowNetwork& net, const StorageProfile& p,
                                         const Model& model, const std::string& prefix) {
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

void append_object_via(std::vector<ConstraintId>& via, const ObjectConstraints& objects,
                       std::size_t file) {
  if (objects.account) via.push_back(*objects.account);
  if (!objects.per_file.empty()) via.push_back(objects.per_file[file]);
}

std::vector<ConstraintId> instance_via(const InstanceLinks& links) {
  // Room for what a kind adds after these (its shared constraint, a bucket's account and file
  // caps): one allocation a read.
  std::vector<ConstraintId> via;
  via.reserve(kRouteConstraints);
  via.push_back(links.nic);
  for (ConstraintId c : links.own()) via.push_back(c);
  return via;
}

void add_fuse_link(FlowNetwork& net, InstanceLinks& links, const StorageProfile& p, double vcpu) {
  if (!p.fuse) return;  // a profile made by hand may leave it out; a loaded one has it
  links.add_own(net.add_constraint({"FUSE client CPU", p.fuse->per_vcpu * vcpu}));
}

std::vector<std::string> fuse_connection_notes(const StorageProfile& p, std::int64_t streams) {
  if (!p.fuse || !p.throughput.per_connection) return {};
  const std::int64_t connections = client_connections(p, streams);
  if (connections == streams) return {};
  if (!p.fuse->threads_per_reader) {
    return {fmt::format(
        "{} reads through its FUSE client's {} connections; the loader's streams ({}) do not "
        "change that",
        p.info.name, connections, streams)};
  }
  const bool capped = p.fuse->threads && connections == *p.fuse->threads;
  return {
      fmt::format("{} keeps {} request(s) in flight for each reader: the loader's {} "
                  "stream(s) read on {} connections{}",
                  p.info.name, *p.fuse->threads_per_reader, streams, connections,
                  capped ? ", the mount's limit" : "")};
}

}  // namespace stowage::sim
