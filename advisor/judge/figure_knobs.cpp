#include "advisor/judge/figure_knobs.hpp"

#include <cmath>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "sim/check.hpp"
#include "sim/profile_figures.hpp"
#include "sim/storage/kind.hpp"

namespace stowage::advisor {
namespace {

using Unit = FigureKnob::Unit;

/// A distribution with every parameter times `k` (k > 0).
sim::Distribution scaled(const sim::Distribution& d, double k) {
  switch (d.form()) {
    case sim::Distribution::Form::kConstant:
      return sim::Distribution::constant(d.a() * k);
    case sim::Distribution::Form::kUniform:
      return sim::Distribution::uniform(d.a() * k, d.b() * k);
    case sim::Distribution::Form::kLognormal:
      return sim::Distribution::lognormal(d.a() * k, d.b() * k);
  }
  return d;
}

/// The number that stands for a field's value (see the header).
double number_of(const sim::BytesPerSecond& v) { return v.value(); }
double number_of(double v) { return v; }
double number_of(std::int64_t v) { return static_cast<double>(v); }
double number_of(const sim::Distribution& d) { return d.median().value(); }
double number_of(const sim::Seconds& v) { return v.value(); }

/// The field's value with its number set to `v`.
sim::BytesPerSecond with_number(const sim::BytesPerSecond&, double v) {
  return sim::BytesPerSecond(v);
}
double with_number(double, double v) { return v; }
sim::Seconds with_number(const sim::Seconds&, double v) { return sim::Seconds(v); }
std::int64_t with_number(std::int64_t, double v) {
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::llround(v)));
}
sim::Distribution with_number(const sim::Distribution& d, double v) {
  const double m = d.median().value();
  return m > 0 ? scaled(d, v / m) : sim::Distribution::constant(sim::Seconds(v));
}

/// Whether the hinges can vary a field of type T by a number (sizes, flags, choices: no).
template <class T>
constexpr bool kKnobValue =
    std::is_same_v<T, sim::BytesPerSecond> || std::is_same_v<T, double> ||
    std::is_same_v<T, std::int64_t> || std::is_same_v<T, sim::Seconds> ||
    std::is_same_v<T, sim::Distribution>;

/// The unit a knob of `quantity` is shown in: counts and numbers alike, a distribution by its
/// median.
Unit unit_of(sim::FigureQuantity quantity) {
  switch (quantity) {
    case sim::FigureQuantity::kRate:
      return Unit::kRate;
    case sim::FigureQuantity::kSeconds:
    case sim::FigureQuantity::kDistribution:
      return Unit::kSeconds;
    case sim::FigureQuantity::kPrice:
      return Unit::kPrice;
    default:
      return Unit::kCount;
  }
}

/// Finds the profile `name` of type P in a set.
template <class P>
P& profile_in(sim::ProfileSet& set, const std::string& name);
template <>
sim::StorageProfile& profile_in(sim::ProfileSet& set, const std::string& name) {
  return set.storage.find(name)->second;
}
template <>
sim::PlatformProfile& profile_in(sim::ProfileSet& set, const std::string& name) {
  return set.platform.find(name)->second;
}
template <>
sim::GpuProfile& profile_in(sim::ProfileSet& set, const std::string& name) {
  return set.gpu.find(name)->second;
}
template <>
sim::LoaderProfile& profile_in(sim::ProfileSet& set, const std::string& name) {
  return set.loader.find(name)->second;
}

/// Collects the knobs of one profile.
template <class P>
class Knobs {
 public:
  Knobs(std::vector<FigureKnob>& out, sim::ProfileKind kind, const P& profile)
      : out_(out), kind_(kind), profile_(profile) {}

  /// A field reached by `access` (a generic lambda returning a reference to it), plain or
  /// optional; an unset optional is listed only when `unbounded_if_unset`.
  template <class Access>
  void add(std::string path, Unit unit, Access access, bool unbounded_if_unset = false,
           std::string currency = {}) {
    const auto& field = access(profile_);
    using Field = std::decay_t<decltype(field)>;
    std::optional<double> value;
    if constexpr (sim::kIsOptional<Field>) {
      if (!field && !unbounded_if_unset) return;
      if (field) value = number_of(*field);
    } else {
      value = number_of(field);
    }
    add_value(std::move(path), unit, value, std::move(currency), [access](P& p, double v) {
      auto& f = access(p);
      if constexpr (sim::kIsOptional<Field>) {
        using Inner = typename Field::value_type;
        f = f ? with_number(*f, v) : with_number(Inner{}, v);
      } else {
        f = with_number(f, v);
      }
    });
  }

  /// Every knob row of `table` in `section` (sim/profile_figures.hpp), in the table's order;
  /// an unset optional figure is left out. Prices are in `currency`.
  void add_rows(std::span<const sim::FigureField<P>> table, std::string_view section,
                const std::string& currency = {}) {
    P fields = profile_;  // the table's accessors take a profile they may change
    for (const sim::FigureField<P>& row : table) {
      if (!row.spec.knob || !sim::in_section(row.spec.path, section)) continue;
      const std::optional<double> value = std::visit(
          [](auto* f) -> std::optional<double> {
            using Field = std::remove_pointer_t<decltype(f)>;
            if constexpr (sim::kIsOptional<Field>) {
              if constexpr (kKnobValue<typename Field::value_type>) {
                if (!*f) return std::nullopt;
                return number_of(**f);
              }
            } else if constexpr (kKnobValue<Field>) {
              return number_of(*f);
            }
            STOWAGE_CHECK(false, "a row marked knob holds a figure the hinges cannot vary");
            return std::nullopt;
          },
          row.access(fields));
      if (!value) continue;
      const auto access = row.access;
      add_value(std::string(row.spec.path), unit_of(row.spec.quantity), value,
                row.spec.quantity == sim::FigureQuantity::kPrice ? currency : std::string(),
                [access](P& p, double v) {
                  std::visit(
                      [v](auto* f) {
                        using Field = std::remove_pointer_t<decltype(f)>;
                        if constexpr (sim::kIsOptional<Field>) {
                          using Inner = typename Field::value_type;
                          if constexpr (kKnobValue<Inner>) {
                            *f = *f ? with_number(**f, v) : with_number(Inner{}, v);
                          }
                        } else if constexpr (kKnobValue<Field>) {
                          *f = with_number(*f, v);
                        }
                      },
                      access(p));
                });
    }
  }

  /// A figure whose number is `value` and that `set` writes into a profile.
  void add_value(std::string path, Unit unit, std::optional<double> value, std::string currency,
                 std::function<void(P&, double)> set) {
    FigureKnob k;
    k.kind = kind_;
    k.profile = profile_.info.name;
    k.path = std::move(path);
    k.unit = unit;
    k.currency = std::move(currency);
    k.value = value;
    if (const sim::Figure* f = value ? figure_of(k.path) : nullptr) {
      k.source = f->source;
      k.range = f->range;
    }
    const std::string name = k.profile;
    k.set = [name, set = std::move(set)](sim::ProfileSet& s, double v) {
      set(profile_in<P>(s, name), v);
    };
    out_.push_back(std::move(k));
  }

 private:
  const sim::Figure* figure_of(const std::string& path) const {
    for (const sim::Figure& f : profile_.info.figures) {
      if (f.path == path) return &f;
    }
    return nullptr;
  }

  std::vector<FigureKnob>& out_;
  sim::ProfileKind kind_;
  const P& profile_;
};

void platform_knobs(std::vector<FigureKnob>& out, const sim::PlatformProfile& p,
                    const std::string& gpu) {
  Knobs<sim::PlatformProfile> k(out, sim::ProfileKind::kPlatform, p);
  k.add_rows(sim::platform_figures(), "");
  if (p.vpc) {
    k.add(
        "vpc.attach", Unit::kSeconds, [](auto& x) -> auto& { return x.vpc->attach; });
    k.add(
        "vpc.warm_attach", Unit::kSeconds, [](auto& x) -> auto& { return x.vpc->warm_attach; });
    k.add(
        "vpc.idle", Unit::kSeconds, [](auto& x) -> auto& { return x.vpc->idle; });
  }
  k.add(
      "image.pull_rate", Unit::kRate, [](auto& x) -> auto& { return x.image.pull_rate; });
  k.add(
      "image.cache_bandwidth", Unit::kRate,
      [](auto& x) -> auto& { return x.image.cache_bandwidth; }, true);
  if (p.image.peers) {
    k.add(
        "image.peers.upload_rate", Unit::kRate,
        [](auto& x) -> auto& { return x.image.peers->upload_rate; });
    k.add(
        "image.peers.fan_out", Unit::kCount,
        [](auto& x) -> auto& { return x.image.peers->fan_out; });
  }
  k.add(
      "image.unaccelerated_pull_rate", Unit::kRate,
      [](auto& x) -> auto& { return x.image.unaccelerated_pull_rate; });
  k.add(
      "image.build_rate", Unit::kRate, [](auto& x) -> auto& { return x.image.build_rate; });
  k.add(
      "image.push_rate", Unit::kRate, [](auto& x) -> auto& { return x.image.push_rate; });
  if (p.gpu_pricing.per_hour.contains(gpu)) {
    k.add(
        "gpu_pricing.per_hour." + gpu,
        Unit::kPrice, [gpu](auto& x) -> auto& { return x.gpu_pricing.per_hour.find(gpu)->second; },
        false, p.gpu_pricing.currency);
  }
}

void storage_knobs(std::vector<FigureKnob>& out, const sim::StorageProfile& s) {
  Knobs<sim::StorageProfile> k(out, sim::ProfileKind::kStorage, s);
  if (s.throughput.shared) {
    // A Capacity is a value: a term is changed by building a new one from a changed form.
    const auto& form = s.throughput.shared->form();
    const auto term = [&k](std::string path, std::optional<double> value,
                           std::function<void(sim::Capacity::Form&, double)> change) {
      if (!value) return;
      k.add_value(std::move(path), Unit::kRate, value, {},
                  [change](sim::StorageProfile& p, double v) {
                    sim::Capacity::Form f = p.throughput.shared->form();
                    change(f, v);
                    p.throughput.shared = sim::Capacity(f);
                  });
    };
    const auto opt = [](const std::optional<sim::BytesPerSecond>& r) {
      return r ? std::optional<double>(r->value()) : std::nullopt;
    };
    if (const auto* c = std::get_if<sim::ConstantCapacity>(&form)) {
      term("throughput.shared", c->rate.value(), [](sim::Capacity::Form& f, double v) {
        std::get<sim::ConstantCapacity>(f).rate = sim::BytesPerSecond(v);
      });
    } else if (const auto* l = std::get_if<sim::LinearCapacity>(&form)) {
      term("throughput.shared.base", l->base.value(), [](sim::Capacity::Form& f, double v) {
        std::get<sim::LinearCapacity>(f).base = sim::BytesPerSecond(v);
      });
      term("throughput.shared.per_TiB", l->per_tib.value(), [](sim::Capacity::Form& f, double v) {
        std::get<sim::LinearCapacity>(f).per_tib = sim::BytesPerSecond(v);
      });
      term("throughput.shared.floor", opt(l->floor), [](sim::Capacity::Form& f, double v) {
        std::get<sim::LinearCapacity>(f).floor = sim::BytesPerSecond(v);
      });
      term("throughput.shared.cap", opt(l->cap), [](sim::Capacity::Form& f, double v) {
        std::get<sim::LinearCapacity>(f).cap = sim::BytesPerSecond(v);
      });
    } else {
      const auto& steps = std::get<sim::StepCapacity>(form).steps;
      term("throughput.shared.steps", steps.front().rate.value(),
           [](sim::Capacity::Form& f, double v) {
             auto& st = std::get<sim::StepCapacity>(f).steps;
             const double scale = v / st.front().rate.value();
             for (sim::CapacityStep& step : st) {
               step.rate = sim::BytesPerSecond(step.rate.value() * scale);
             }
           });
    }
  }
  k.add_rows(sim::storage_figures(), "throughput");
  k.add_rows(sim::storage_figures(), "requests");
  if (s.fuse) {
    k.add(
        "fuse.per_vcpu", Unit::kRate, [](auto& x) -> auto& { return x.fuse->per_vcpu; });
    k.add(
        "fuse.threads", Unit::kCount, [](auto& x) -> auto& { return x.fuse->threads; });
    k.add(
        "fuse.threads_per_reader", Unit::kCount,
        [](auto& x) -> auto& { return x.fuse->threads_per_reader; });
  }
  k.add_rows(sim::storage_figures(), "cold_start");
  k.add_rows(sim::storage_figures(), "update");
  k.add_rows(sim::storage_figures(), "cost", s.cost.currency);
}

}  // namespace

std::vector<FigureKnob> figure_knobs(const sim::Scenario& scenario) {
  std::vector<FigureKnob> out;
  platform_knobs(out, scenario.platform(), scenario.workload.gpu);
  {
    // A copy's throughput: the line's beta and every band's, scaled together.
    const auto copy = [](sim::CopyCost& c, double v) {
      const double scale = v / c.beta.value();
      c.beta = sim::BytesPerSecond(v);
      for (sim::CopyBand& b : c.bands) b.beta = sim::BytesPerSecond(b.beta.value() * scale);
    };
    const sim::GpuProfile& gpu = scenario.gpu();
    Knobs<sim::GpuProfile> k(out, sim::ProfileKind::kGpu, gpu);
    k.add_value("h2d.pinned.beta", Unit::kRate, gpu.h2d_pinned.beta.value(), {},
                [copy](sim::GpuProfile& g, double v) { copy(g.h2d_pinned, v); });
    k.add_value("h2d.pageable.beta", Unit::kRate, gpu.h2d_pageable.beta.value(), {},
                [copy](sim::GpuProfile& g, double v) { copy(g.h2d_pageable, v); });
  }
  if (const sim::LoaderProfile* loader = scenario.loader()) {
    Knobs<sim::LoaderProfile> k(out, sim::ProfileKind::kLoader, *loader);
    k.add_rows(sim::loader_figures(), "");
  }
  for (const auto& [name, storage] : scenario.profiles->storage) storage_knobs(out, storage);
  return out;
}

bool knob_touches(const FigureKnob& knob, const sim::Scenario& scenario,
                  const sim::StorageChoice& choice) {
  const sim::StorageProfile& s = scenario.storage(choice);
  if (knob.kind == sim::ProfileKind::kPlatform) {
    // The platform's image figures are read by the image kind alone (sim/storage/image.cpp and
    // image_distribution.cpp), its VPC figures only for a storage that lives in a VPC
    // (sim/coldstart/run.cpp), its vCPUs only by a FUSE client (sim/storage/routes.cpp).
    if (knob.path.starts_with("image.")) return s.kind->name() == "image";
    if (knob.path.starts_with("vpc.")) return s.cold_start.vpc;
    if (knob.path == "vcpu") return s.fuse.has_value();
    return true;
  }
  if (knob.kind != sim::ProfileKind::kStorage) return true;
  return s.info.name == knob.profile || s.backing == knob.profile;
}

}  // namespace stowage::advisor
