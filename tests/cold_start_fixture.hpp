// The hand-sized profiles of the cold-start tests, so that every expected time can be derived on
// paper: one 4.27 GB file, a 500 MB/s instance NIC, a 600 MB/s NAS, no random delays. The
// host-to-device copy is made negligible (4.27 GB at 1e15 B/s is 4.3 us) unless a test is about it.
#pragma once

#include "sim/storage/registry.hpp"
#include "sim/coldstart/cold_start.hpp"

namespace stowage::testing {

using namespace stowage::sim;

struct ColdStartFixture {
  Workload w;
  PlatformProfile platform;
  GpuProfile gpu;
  StorageProfile storage;
  StorageProfile backing;

  ColdStartFixture() {
    w.name = "t";
    w.seed = 7;
    w.model.files = {{"a.safetensors", Bytes(4.27e9)}};
    w.arrivals = BurstArrivals{1, Seconds(0), Seconds(0)};
    platform.info.name = "p";
    platform.sandbox_start = Distribution::constant(Seconds(0));
    platform.instance_bandwidth = BytesPerSecond(500e6);
    platform.page_cache_read = BytesPerSecond(10e9);
    platform.start_timeout = Seconds(1000);
    platform.vcpu = 8;
    platform.memory = Bytes(32e9);
    platform.image.pull_rate = BytesPerSecond(300e6);
    gpu.memory = Bytes(80e9);
    gpu.h2d_pinned = {Seconds(0), BytesPerSecond(1e15)};
    gpu.h2d_pageable = {Seconds(0), BytesPerSecond(1e15)};
    storage.info.name = "nas";
    storage.kind = &storage_kind("nas");
    storage.page_cache = true;
    storage.throughput.shared = Capacity(ConstantCapacity{BytesPerSecond(600e6)});
  }

  ColdStartInputs inputs() const {
    ColdStartInputs in;
    in.workload = &w;
    in.choice.profile = storage.info.name;
    in.storage = &storage;
    in.backing = &backing;
    in.platform = &platform;
    in.gpu = &gpu;
    return in;
  }
  SimResult run() const { return simulate_cold_starts(inputs()); }
};

/// Tolerance for times that include the negligible host-to-device copy.
constexpr double kCopyEpsilonS = 1e-4;

}  // namespace stowage::testing
