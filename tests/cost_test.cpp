// Monthly cost arithmetic (advisor/judge/cost.hpp) on hand-built profiles, each answer derived by
// hand.
#include "advisor/judge/cost.hpp"

#include <doctest/doctest.h>

#include "sim/storage/registry.hpp"

namespace adv = stowage::advisor;
namespace sim = stowage::sim;

namespace {

// The default workload's model: 4.27 GB + 335 MB = 4.605 GB, on an A10.
sim::Workload sd15_workload() {
  sim::Workload w;
  w.name = "cost-test";
  w.gpu = "a10";
  w.model.files = {{"unet.safetensors", sim::Bytes(4.27e9)},
                   {"vae.safetensors", sim::Bytes(335e6)}};
  w.arrivals = sim::BurstArrivals{50, sim::Seconds(0), sim::Seconds(0)};
  return w;
}

sim::PlatformProfile fc_platform() {
  sim::PlatformProfile p;
  p.info.name = "fc";
  p.gpu_pricing.currency = "CNY";
  p.gpu_pricing.per_hour["a10"] = 19.9584;
  return p;
}

sim::StorageProfile priced_storage(const std::string& name, const std::string& currency) {
  sim::StorageProfile s;
  s.info.name = name;
  s.kind = &sim::storage_kind("object_fuse");
  s.cost.currency = currency;
  return s;
}

}  // namespace

TEST_CASE("cost: starts per month count a burst once a day and a Poisson pattern continuously") {
  // A burst of 50 loads a day: 50 x 30 = 1500 a month.
  CHECK(adv::starts_per_month(sim::BurstArrivals{50, sim::Seconds(0), sim::Seconds(0)}, 50) ==
        doctest::Approx(1500));
  // 0.01 starts per second for 30 days: 0.01 x 30 x 86400 = 25920, whatever was simulated.
  CHECK(adv::starts_per_month(sim::PoissonArrivals{0.01, sim::Seconds(3600)}, 36) ==
        doctest::Approx(25920));
}

TEST_CASE("cost: OSS storage plus GPU wait, the header's worked example") {
  const sim::Workload w = sd15_workload();
  sim::StorageProfile oss = priced_storage("oss", "CNY");
  oss.cost.per_gb_month_stored = 0.12;
  const adv::MonthlyUse use{1500, 60, 0};
  const adv::MonthlyCost c =
      adv::monthly_cost(w, {"oss", std::nullopt, std::nullopt}, oss, nullptr, fc_platform(), use);
  // storage 4.605 GB x 0.12 = 0.5526; GPU 1500 x 60 s / 3600 s = 25 h x 19.9584 = 498.96.
  CHECK(c.currency == "CNY");
  CHECK(c.storage == doctest::Approx(0.5526));
  CHECK(c.replication == doctest::Approx(0));
  CHECK(c.gpu_wait == doctest::Approx(498.96));
  CHECK(c.total == doctest::Approx(499.5126));
  CHECK(c.unpriced.empty());
  CHECK_FALSE(c.other_currency.has_value());
}

TEST_CASE("cost: an accelerator pays its capacity and its bucket, once per region") {
  sim::Workload w = sd15_workload();
  w.regions = 3;
  sim::StorageProfile accel = priced_storage("accel", "CNY");
  accel.cost.per_gb_month_provisioned = 0.7;
  sim::StorageProfile bucket = priced_storage("bucket", "CNY");
  bucket.cost.per_gb_month_stored = 0.12;
  const adv::MonthlyUse use{0, 0, 0};
  const adv::MonthlyCost c = adv::monthly_cost(w, {"accel", std::nullopt, sim::Bytes(1e12)}, accel,
                                               &bucket, fc_platform(), use);
  // capacity 1000 GB x 0.7 = 700, bucket 4.605 GB x 0.12 = 0.5526: storage 700.5526;
  // two more regions: replication 2 x 700.5526 = 1401.1052; total 2101.6578.
  CHECK(c.storage == doctest::Approx(700.5526));
  CHECK(c.replication == doctest::Approx(1401.1052));
  CHECK(c.total == doctest::Approx(2101.6578));
}

TEST_CASE("cost: transfer and requests are charged per GB and per 10,000 requests") {
  const sim::Workload w = sd15_workload();
  sim::StorageProfile s3 = priced_storage("s3", "USD");
  s3.cost.per_gb_read = 0.03;
  s3.cost.per_10k_requests = 0.004;
  s3.requests.size = sim::Bytes(8e6);
  sim::PlatformProfile usd = fc_platform();
  usd.gpu_pricing.currency = "USD";
  const adv::MonthlyUse use{100, 0, 2e9};
  const adv::MonthlyCost c =
      adv::monthly_cost(w, {"s3", std::nullopt, std::nullopt}, s3, nullptr, usd, use);
  // 100 starts x 2 GB = 200 GB x 0.03 = 6; 2e11 B / 8e6 B = 25,000 requests x 0.004 / 10,000
  // = 0.01; transfer 6.01. No storage price: it is listed as unpriced.
  CHECK(c.transfer == doctest::Approx(6.01));
  CHECK(c.total == doctest::Approx(6.01));
  REQUIRE(c.unpriced.size() == 1);
  CHECK(c.unpriced[0] == "storage on s3");
  CHECK(c.storage_unpriced);
}

TEST_CASE("cost: a GPU priced in another currency is kept apart, never added") {
  const sim::Workload w = sd15_workload();
  sim::StorageProfile nas = priced_storage("nas", "USD");
  nas.cost.per_gb_month_stored = 0.3057;
  const adv::MonthlyUse use{30, 120, 0};
  const adv::MonthlyCost c = adv::monthly_cost(w, {"nas", sim::Bytes(500e9), std::nullopt}, nas,
                                               nullptr, fc_platform(), use);
  // storage 500 GB x 0.3057 = 152.85 USD; GPU 30 x 120 s / 3600 s = 1 h x 19.9584 CNY apart.
  CHECK(c.currency == "USD");
  CHECK(c.storage == doctest::Approx(152.85));
  CHECK(c.gpu_wait == doctest::Approx(0));
  CHECK(c.total == doctest::Approx(152.85));
  REQUIRE(c.other_currency.has_value());
  CHECK(c.other_currency->currency == "CNY");
  CHECK(c.other_currency->gpu_wait == doctest::Approx(19.9584));
  CHECK(c.other_currency->total() == doctest::Approx(19.9584));
}

TEST_CASE("cost: a GPU the platform does not price is reported as unpriced") {
  sim::Workload w = sd15_workload();
  w.gpu = "h100-sxm";
  sim::StorageProfile oss = priced_storage("oss", "CNY");
  oss.cost.per_gb_month_stored = 0.12;
  const adv::MonthlyCost c = adv::monthly_cost(w, {"oss", std::nullopt, std::nullopt}, oss, nullptr,
                                               fc_platform(), adv::MonthlyUse{10, 10, 0});
  // Only the storage term: 4.605 GB x 0.12 = 0.5526.
  CHECK(c.total == doctest::Approx(0.5526));
  REQUIRE(c.unpriced.size() == 1);
  CHECK(c.unpriced[0] == "gpu h100-sxm on fc");
}

TEST_CASE("cost: image rebuilds are charged per update at the platform's build price") {
  sim::Workload w = sd15_workload();
  w.model.update_interval = sim::Seconds(7 * 86400.0);
  sim::StorageProfile image = priced_storage("image", "USD");
  image.kind = &sim::storage_kind("image");
  image.cost.per_gb_month_stored = 0;
  sim::PlatformProfile run = fc_platform();
  run.info.name = "run";
  run.gpu_pricing.currency = "USD";
  run.image.build_per_hour = 0.18;
  run.image.build_currency = "USD";
  // Weekly updates: 30 days / 7 days = 4.2857 a month; build 92.1 s + push 36.84 s = 128.94 s
  // each; 4.2857 x 128.94 / 3600 = 0.15350 h x 0.18 = 0.027630 USD. No GPU wait (0 starts).
  adv::MonthlyUse use{0, 0, 0};
  use.updates = 30.0 / 7.0;
  use.rebuild_s = 128.94;
  adv::MonthlyCost c =
      adv::monthly_cost(w, {"image", std::nullopt, std::nullopt}, image, nullptr, run, use);
  CHECK(c.update == doctest::Approx(0.027630).epsilon(1e-4));
  CHECK(c.total == doctest::Approx(0.027630).epsilon(1e-4));
  CHECK(c.unpriced.empty());

  // Build priced in CNY against a USD storage and GPU: kept apart, never added.
  run.image.build_currency = "CNY";
  c = adv::monthly_cost(w, {"image", std::nullopt, std::nullopt}, image, nullptr, run, use);
  CHECK(c.update == doctest::Approx(0));
  REQUIRE(c.other_currency.has_value());
  CHECK(c.other_currency->currency == "CNY");
  CHECK(c.other_currency->update == doctest::Approx(0.027630).epsilon(1e-4));

  // No build price, and a platform that preprocesses: both listed as unpriced.
  run.image.build_per_hour.reset();
  run.image.ready_delay = sim::Seconds(300);
  c = adv::monthly_cost(w, {"image", std::nullopt, std::nullopt}, image, nullptr, run, use);
  CHECK(c.total == doctest::Approx(0));
  REQUIRE(c.unpriced.size() == 2);
  CHECK(c.unpriced[0] == "image rebuilds on run (no build price)");
  CHECK(c.unpriced[1] == "image preprocessing on run");
}

TEST_CASE("cost: monthly use counts updates and an image's build and push time") {
  sim::Workload w = sd15_workload();
  w.model.update_interval = sim::Seconds(10 * 86400.0);
  sim::SimResult r;
  r.storage = "image";
  r.update.steps = {{sim::UpdateStepKind::kBuild, 92.1, ""},
                    {sim::UpdateStepKind::kPush, 36.84, ""},
                    {sim::UpdateStepKind::kPreprocess, 300, ""}};
  // 30 days / 10 days = 3 updates; build + push = 128.94 s (preprocessing runs on the platform).
  const adv::MonthlyUse use = adv::monthly_use(w, r);
  CHECK(use.updates == doctest::Approx(3));
  CHECK(use.rebuild_s == doctest::Approx(128.94));
}
