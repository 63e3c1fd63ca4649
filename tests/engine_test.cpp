#include "sim/engine.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim/rng.hpp"

using namespace stowage::sim;

TEST_CASE("engine: events run in time order, ties in insertion order") {
  // Scheduled out of order: c at 2 s, a at 1 s, b at 1 s (after a), d at 0.5 s.
  // Expected order: d (0.5), a (1, first scheduled), b (1), c (2).
  Engine engine;
  std::string order;
  engine.schedule(Seconds(2), [&] { order += 'c'; });
  engine.schedule(Seconds(1), [&] { order += 'a'; });
  engine.schedule(Seconds(1), [&] { order += 'b'; });
  engine.schedule(Seconds(0.5), [&] { order += 'd'; });
  CHECK(engine.pending_events() == 4);
  const auto n = engine.run();
  CHECK(order == "dabc");
  CHECK(n == 4);
  CHECK(engine.events_processed() == 4);
  CHECK(engine.now().value() == 2.0);
  CHECK(engine.pending_events() == 0);
}

TEST_CASE("engine: a callback may schedule more, at its own instant or later") {
  // At 1 s, x schedules y at 1 s (the same instant: runs right after, before z at 1.5 s) and
  // w after 2 s (at 3 s).
  Engine engine;
  std::vector<std::pair<char, double>> seen;
  engine.schedule(Seconds(1), [&] {
    seen.emplace_back('x', engine.now().value());
    engine.schedule(engine.now(), [&] { seen.emplace_back('y', engine.now().value()); });
    engine.schedule_after(Seconds(2), [&] { seen.emplace_back('w', engine.now().value()); });
  });
  engine.schedule(Seconds(1.5), [&] { seen.emplace_back('z', engine.now().value()); });
  engine.run();
  REQUIRE(seen.size() == 4);
  CHECK(seen[0] == std::pair<char, double>{'x', 1.0});
  CHECK(seen[1] == std::pair<char, double>{'y', 1.0});
  CHECK(seen[2] == std::pair<char, double>{'z', 1.5});
  CHECK(seen[3] == std::pair<char, double>{'w', 3.0});
}

TEST_CASE("engine: a cancelled event never runs, cancelling twice or after the fact says so") {
  // A timeout at 10 s cancelled by the event at 2 s: only the 2 s event runs, and the clock
  // stops at 2 s.
  Engine engine;
  int timeouts = 0;
  const EventId timeout = engine.schedule(Seconds(10), [&] { ++timeouts; });
  const EventId done = engine.schedule(Seconds(2), [&] { CHECK(engine.cancel(timeout)); });
  engine.run();
  CHECK(timeouts == 0);
  CHECK(engine.now().value() == 2.0);
  CHECK_FALSE(engine.cancel(timeout));
  CHECK_FALSE(engine.cancel(done));
  CHECK_FALSE(engine.cancel(12345));
  CHECK(engine.events_processed() == 1);
}

TEST_CASE("engine: run_until stops at the given time and resumes from there") {
  // Events at 1, 2 and 3 s; run_until(2.5) runs two of them and leaves the clock at 2.5 s.
  Engine engine;
  int ran = 0;
  for (int t = 1; t <= 3; ++t) engine.schedule(Seconds(t), [&] { ++ran; });
  CHECK(engine.run_until(Seconds(2.5)) == 2);
  CHECK(ran == 2);
  CHECK(engine.now().value() == 2.5);
  CHECK(engine.run() == 1);
  CHECK(engine.now().value() == 3.0);
}

TEST_CASE("engine: lanes run their events in the same order as the heap alone") {
  // The same schedule twice: every event through the heap, then the monotone ones through two
  // lanes (and one lane event out of order, at 0.5 s after 3 s, which goes to the heap). Each
  // event appends its name; ties at 1 s and 3 s run in the order they were scheduled whichever
  // queue holds them, and events scheduled by callbacks (at the same instant too) interleave.
  struct Plan {
    double at_s;
    int lane;  // 0 or 1; each lane's times below never decrease except the marked one
    char name;
  };
  const std::vector<Plan> plan{{1, 0, 'a'}, {1, 1, 'b'}, {0.25, 1, 'c'}, {1, 0, 'd'},
                               {3, 0, 'e'}, {0.5, 0, 'f'}, {3, 1, 'g'}, {2, 1, 'h'}};
  const auto play = [&](bool lanes) {
    Engine engine;
    std::string order;
    const auto act = [&](char name) {
      order += name;
      // 'a' schedules 'x' at its own instant and 'y' a second later.
      if (name == 'a') {
        engine.schedule(engine.now(), [&] { order += 'x'; });
        engine.schedule_after(Seconds(1), [&] { order += 'y'; });
      }
    };
    const LaneId l0 = engine.add_lane([&](std::uint64_t i) { act(static_cast<char>(i)); });
    const LaneId l1 = engine.add_lane([&](std::uint64_t i) { act(static_cast<char>(i)); });
    std::vector<EventId> ids;
    for (const Plan& p : plan) {
      if (lanes) {
        ids.push_back(engine.schedule(p.lane == 0 ? l0 : l1, Seconds(p.at_s),
                                      static_cast<std::uint64_t>(p.name)));
      } else {
        ids.push_back(engine.schedule(Seconds(p.at_s), [&act, n = p.name] { act(n); }));
      }
    }
    CHECK(engine.cancel(ids[3]));  // 'd', in the middle of lane 0
    CHECK(engine.pending_events() == plan.size() - 1);
    CHECK(engine.run() == plan.size() - 1 + 2);
    CHECK(engine.pending_events() == 0);
    return order;
  };
  const std::string heap = play(false);
  CHECK(heap == "cfabxhyeg");
  CHECK(play(true) == heap);
}

TEST_CASE("rng: xoshiro256** seeded by splitmix64 gives the published sequence") {
  // splitmix64 from 0 gives the state 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f,
  // 0xf88bb8a8724c81ec; the first output is rotl(s1 * 5, 7) * 9 = 0x99ec5f36cb75f2b4, and its
  // top 53 bits over 2^53 are 0.6012629994179048.
  Rng rng(0);
  CHECK(rng.next() == 0x99ec5f36cb75f2b4ULL);
  Rng again(0);
  CHECK(again.uniform() == 0.6012629994179048);
  // Same seed, same sequence; another seed, another sequence.
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    CHECK(x == b.next());
    if (i == 0) CHECK(x != c.next());
  }
}

TEST_CASE("rng: draws stay in range and have the expected moments") {
  // 100,000 draws: uniform in [0, 1) with mean 1/2 (standard error 0.29 / sqrt(1e5) = 0.0009);
  // below(6) covers 0..5; normal has mean 0 and variance 1 (errors 0.003 and 0.0045);
  // exponential(2) has mean 1/2.
  Rng rng(7);
  double sum_u = 0, sum_n = 0, sum_n2 = 0, sum_e = 0;
  std::vector<int> faces(6, 0);
  constexpr int kN = 100000;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.uniform();
    CHECK((u >= 0.0 && u < 1.0));
    sum_u += u;
    const auto k = rng.below(6);
    REQUIRE(k < 6);
    ++faces[k];
    const double z = rng.normal();
    sum_n += z;
    sum_n2 += z * z;
    sum_e += rng.exponential(2.0);
  }
  CHECK(sum_u / kN == doctest::Approx(0.5).epsilon(0.01));
  CHECK(std::abs(sum_n / kN) < 0.02);
  CHECK(sum_n2 / kN == doctest::Approx(1.0).epsilon(0.02));
  CHECK(sum_e / kN == doctest::Approx(0.5).epsilon(0.02));
  for (int f : faces) CHECK(f > kN / 6 - 1000);
}
