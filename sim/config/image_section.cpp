#include "sim/config/image_section.hpp"

#include <limits>

namespace stowage::sim::config {

using namespace profile_fields;

namespace {

// A sub-mapping written as `none`: `field` is cleared and the figure recorded; true then.
template <class T>
bool cleared(const Scope& im, const YamlNode& node, std::optional<T>& field) {
  const auto [value, own] = im.unwrap(node, true);
  if (!value.is_scalar() || value.as_string() != kNone) return false;
  field.reset();
  im.record(im.forget(node.path()), Figure{node.path(), std::string(kNone), im.resolve(node, own)});
  return true;
}

// `preprocessing: {base, per_GB}` or `none`.
void read_preprocessing(const Scope& im, PlatformImage& img) {
  auto pre = im.get("preprocessing");
  if (!pre || cleared(im, *pre, img.preprocessing)) return;
  const bool had = img.preprocessing.has_value();
  if (!had) img.preprocessing = SizeDependentTime{};
  const Scope pp = im.child(*pre, {"base", "per_GB", "source"}, had);
  if (pp.get("base")) pp.required("base", img.preprocessing->base, seconds_reader());
  if (pp.get("per_GB")) pp.required("per_GB", img.preprocessing->per_gb, seconds_reader());
}

// `peers: {upload_rate, fan_out}` or `none`.
void read_peers(const Scope& im, PlatformImage& img) {
  auto node = im.get("peers");
  if (!node || cleared(im, *node, img.peers)) return;
  const bool had = img.peers.has_value();
  if (!had) img.peers = ImagePeers{};
  const Scope pe = im.child(*node, {"upload_rate", "fan_out", "source"}, had);
  pe.required("upload_rate", img.peers->upload_rate, rate_reader(BytesPerSecond(1)),
              "e.g. 300MB/s");
  pe.required("fan_out", img.peers->fan_out, int_reader(1, 1'000'000), "e.g. 2");
}

// `build_price: {currency, per_hour}`.
void read_build_price(const Scope& im, PlatformImage& img) {
  auto price = im.get("build_price");
  if (!price) return;
  const bool had = img.build_per_hour.has_value();
  const Scope bp = im.child(*price, {"currency", "per_hour", "source"}, had);
  double per_hour = img.build_per_hour.value_or(0.0);
  bp.required("per_hour", per_hour, number_reader(0, std::numeric_limits<double>::max()),
              "a price per hour");
  img.build_per_hour = per_hour;
  if (auto cur = bp.get("currency")) img.build_currency = cur->as_string();
  if (img.build_currency.empty()) {
    bp.map().node().fail("a price needs a currency", "currency: CNY, USD, ...");
  }
}

}  // namespace

void read_platform_image(const Scope& scope, PlatformProfile& p, bool inherit) {
  if (inherit && !scope.get("image")) return;
  PlatformImage& img = p.image;
  const Scope im =
      scope.section("image",
                    {"max_compressed", "safe_uncompressed", "pull_rate", "cache_bandwidth", "peers",
                     "lazy", "unaccelerated_pull_rate", "preprocessing", "ready_delay",
                     "build_rate", "push_rate", "build_price", "source"},
                    inherit);
  im.optional("max_compressed", img.max_compressed, bytes_reader());
  im.optional("safe_uncompressed", img.safe_uncompressed, bytes_reader());
  im.required("pull_rate", img.pull_rate, rate_reader(BytesPerSecond(1)), "e.g. 200MB/s");
  read_preprocessing(im, img);
  im.optional("ready_delay", img.ready_delay, seconds_reader());
  im.optional("cache_bandwidth", img.cache_bandwidth, rate_reader(BytesPerSecond(1)));
  read_peers(im, img);
  if (im.get("lazy")) im.required("lazy", img.lazy, bool_reader());
  im.optional("unaccelerated_pull_rate", img.unaccelerated_pull_rate,
              rate_reader(BytesPerSecond(1)));
  im.optional("build_rate", img.build_rate, rate_reader(BytesPerSecond(1)));
  im.optional("push_rate", img.push_rate, rate_reader(BytesPerSecond(1)));
  read_build_price(im, img);
}

}  // namespace stowage::sim::config
