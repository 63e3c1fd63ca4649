// Default platform quotas a workload exceeds (advisor/judge/quota.hpp) and how reports say so.
#include "advisor/judge/quota.hpp"

#include <doctest/doctest.h>

#include "advisor/report/advice.hpp"
#include "advisor/report/sim_result.hpp"

namespace adv = stowage::advisor;
namespace sim = stowage::sim;

TEST_CASE("quota: a burst above the instance and GPU quotas needs two raises") {
  sim::PlatformProfile fc;
  fc.quotas.instances = 300;
  fc.quotas.gpus = {{"a10", 3}};
  sim::Workload w;
  w.gpu = "a10";
  w.arrivals = sim::BurstArrivals{500, sim::Seconds(0), sim::Seconds(0)};
  // 500 instances > 300; 500 instances x 1 A10 = 500 cards > 3.
  const std::vector<adv::QuotaRaise> raises = adv::quota_raises(w, fc);
  REQUIRE(raises.size() == 2);
  CHECK(adv::report::quota_note(raises[0]) ==
        "needs a quota raise (500 instances > 300 per region by default)");
  CHECK(adv::report::quota_note(raises[1]) ==
        "needs a quota raise (500 a10 cards > 3 per account and region by default)");
  const auto json = adv::report::quota_json(raises);
  CHECK(json[0]["quota"] == "instances");
  CHECK(json[0]["gpu"].is_null());
  CHECK(json[1]["gpu"] == "a10");
  CHECK(json[1]["need"] == 500);
  CHECK(json[1]["limit"] == 3);

  // Two instances with two GPUs each: 2 <= 300 instances, but 4 cards > 3.
  w.arrivals = sim::BurstArrivals{2, sim::Seconds(0), sim::Seconds(0)};
  w.instance.gpus = 2;
  const auto cards = adv::quota_raises(w, fc);
  REQUIRE(cards.size() == 1);
  CHECK(cards[0].need == 4);
  // At the quota is not above it; a GPU without a known quota and a platform without quotas
  // need nothing.
  w.instance.gpus = 1;
  w.arrivals = sim::BurstArrivals{3, sim::Seconds(0), sim::Seconds(0)};
  CHECK(adv::quota_raises(w, fc).empty());
  w.gpu = "t4";
  w.arrivals = sim::BurstArrivals{300, sim::Seconds(0), sim::Seconds(0)};
  CHECK(adv::quota_raises(w, fc).empty());
  CHECK(adv::quota_raises(w, sim::PlatformProfile{}).empty());
}

TEST_CASE("quota: advise and simulate reports carry the raise in text and JSON") {
  const adv::QuotaRaise raise{adv::QuotaRaise::Quota::kInstances, "", 500, 300};
  adv::Advice a{"burst", {}, std::nullopt, {}, {raise}, std::nullopt};
  CHECK(adv::report::advice_table(a, false).starts_with(
      "burst: recommended none (no candidate meets the SLO)\nneeds a quota raise (500 instances "
      "> 300 per region by default)\n\n"));
  CHECK(adv::report::advice_json(a)["quota_raises"][0]["note"] ==
        "needs a quota raise (500 instances > 300 per region by default)");
  sim::SimResult r;
  const std::string text = adv::report::result_table(r, {raise});
  CHECK(text.find("  quota          needs a quota raise (500 instances > 300 per region by "
                  "default)\n") != std::string::npos);
  std::string json_text;
  adv::report::JsonStream out([&](std::string_view t) { json_text.append(t); });
  adv::report::result_json(r, out, {raise});
  out.finish();
  CHECK(nlohmann::json::parse(json_text)["quota_raises"][0]["need"] == 500);
}
