// The loader's work that moves no bytes (sim/coldstart/loader.hpp, loader_work_s): a fixed cost
// once per load and a cost per tensor, after the copy. Each answer is derived by hand above its
// check, on the cold-start fixture: one 4.27 GB file on a 600 MB/s NAS behind a 500 MB/s NIC,
// so the read alone takes 4.27e9 / 500e6 = 8.54 s and the copy is negligible.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "cold_start_fixture.hpp"
#include "sim/coldstart/loader.hpp"
#include "sim/config/workload_loader.hpp"

using namespace stowage::sim;
using stowage::testing::ColdStartFixture;
using stowage::testing::kCopyEpsilonS;

namespace {

LoaderProfile one_stream_loader() {
  LoaderProfile lp;
  lp.info.name = "plain";
  lp.streams = 1;
  lp.staging = LoaderProfile::Staging::kPageable;
  lp.overlap = false;
  lp.fixed = Seconds(0.5);
  lp.per_tensor = Seconds(2e-3);
  return lp;
}

bool has_note_with(const SimResult& r, const std::string& text) {
  return std::any_of(r.notes.begin(), r.notes.end(),
                     [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("loader work: fixed plus tensors x per-tensor, the per-tensor part only with a count") {
  Model m;
  m.files = {{"m.safetensors", Bytes(1e9)}};
  EffectiveLoader l;
  CHECK(loader_work_s(m, l) == 0.0);
  l.fixed = Seconds(0.5);
  l.per_tensor = Seconds(2e-3);
  // No tensor count: the fixed part alone.
  CHECK(loader_work_s(m, l) == doctest::Approx(0.5));
  // 291 tensors (Llama-2-7B's count): 0.5 + 291 x 0.002 = 1.082 s.
  m.tensors = 291;
  CHECK(loader_work_s(m, l) == doctest::Approx(1.082));
}

TEST_CASE("loader work: it lengthens the load time and holds the load back under its own name") {
  ColdStartFixture f;
  const LoaderProfile lp = one_stream_loader();
  f.w.loader.profile = lp.info.name;
  f.w.model.tensors = 291;
  ColdStartInputs in = f.inputs();
  in.loader = &lp;
  const SimResult r = simulate_cold_starts(in);
  REQUIRE(r.loads.size() == 1);
  // 8.54 s of reading, then 0.5 + 291 x 0.002 = 1.082 s of the loader's work: 9.622 s.
  CHECK(*r.loads[0].load_time_s() == doctest::Approx(9.622).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck_time_s.at("loader plain: fixed and per-tensor work") ==
        doctest::Approx(1.082));
  CHECK_FALSE(has_note_with(r, "model.tensors not given"));
}

TEST_CASE("loader work: without model.tensors the per-tensor cost is left out and said so") {
  ColdStartFixture f;
  const LoaderProfile lp = one_stream_loader();
  f.w.loader.profile = lp.info.name;
  ColdStartInputs in = f.inputs();
  in.loader = &lp;
  const SimResult r = simulate_cold_starts(in);
  // 8.54 s + the fixed 0.5 s only.
  CHECK(*r.loads[0].load_time_s() == doctest::Approx(9.04).epsilon(kCopyEpsilonS));
  CHECK(has_note_with(r, "model.tensors not given: the loader plain's cost of 2 ms per tensor"));
}

TEST_CASE("loader work: a loader without fixed costs adds nothing") {
  ColdStartFixture f;
  LoaderProfile lp = one_stream_loader();
  lp.fixed.reset();
  lp.per_tensor.reset();
  f.w.loader.profile = lp.info.name;
  f.w.model.tensors = 291;
  ColdStartInputs in = f.inputs();
  in.loader = &lp;
  const SimResult r = simulate_cold_starts(in);
  CHECK(*r.loads[0].load_time_s() == doctest::Approx(8.54).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck_time_s.count("loader plain: fixed and per-tensor work") == 0);
}
