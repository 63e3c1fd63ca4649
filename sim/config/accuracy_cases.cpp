#include "sim/config/accuracy_cases.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "sim/config/catalog.hpp"
#include "sim/config/workload_fields.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {

namespace {

AccuracySuite read_suite(const YamlDocument& doc, const SuiteCatalog& open_catalog) {
  const YamlMap top = doc.root().map({"profiles", "cases"});
  AccuracySuite suite;
  suite.file = doc.name();
  suite.profiles = doc.base_dir() / top.required("profiles", "a profiles directory").as_string();
  const Catalog* catalog = open_catalog ? &open_catalog(suite.profiles) : nullptr;
  std::set<std::string> ids;
  std::map<std::string, std::string> independent_of_family;  // family -> its independent check
  const YamlNode cases = top.required("cases", "a list of cases");
  const std::vector<YamlNode> items = cases.items("a case mapping");
  if (items.empty()) cases.fail("the list is empty", "at least one case");
  for (const YamlNode& item : items) {
    const YamlMap m = item.map({"id", "role", "fits", "workload", "storage", "loader", "measured",
                                "source", "note", "family", "dependent"});
    AccuracyCase c;
    const YamlNode id = m.required("id", "a short unique name");
    c.id = id.as_string();
    if (!ids.insert(c.id).second) id.fail(fmt::format("`{}` is listed twice", c.id), "unique ids");
    c.fit = m.required("role", "fit or check").as_choice({"check", "fit"}) == 1;
    if (auto f = m.get("fits")) c.fits = f->as_string();
    if (c.fit && c.fits.empty()) {
      item.fail("a fit case must say which figure was fitted from it", "fits: PROFILE.FIELD");
    }
    if (!c.fit && !c.fits.empty()) {
      m.required("fits").fail("a check case fits nothing", "role: fit, or no `fits`");
    }
    c.workload = doc.base_dir() / m.required("workload", "a workload file").as_string();
    const YamlNode storage = m.required("storage", "a storage profile name");
    c.storage = storage.as_string();
    if (catalog) catalog->require(ProfileKind::kStorage, c.storage, storage);
    if (auto l = m.get("loader")) {
      c.loader = read_loader_spec(*l);
      c.loader_given = true;
      const std::optional<YamlNode> profile =
          l->is_scalar() ? l : l->map({"profile", "memory", "overlap", "streams"}).get("profile");
      if (catalog && profile) catalog->require(ProfileKind::kLoader, c.loader.profile, *profile);
    }
    c.measured = m.required("measured", "the published load time, e.g. 14.3s").as_seconds();
    if (c.measured.value() <= 0) m.required("measured").fail("not a load time", "> 0 s");
    const YamlMap src = m.required("source", "{url, where}").map({"url", "where"});
    c.source_url = src.required("url", "where it was published").as_string();
    c.source_where = src.required("where", "table, figure or row").as_string();
    if (auto n = m.get("note")) c.note = n->as_string();
    const YamlNode family = m.required("family", "the source, machine and configuration");
    c.family = family.as_string();
    if (auto d = m.get("dependent")) {
      c.dependent = d->as_string();
      if (c.fit) d->fail("a fit case is never counted; `dependent` is for checks", "no `dependent`");
      if (c.dependent.empty()) d->fail("an empty reason", "why the check is not independent");
    }
    if (c.independent()) {
      const auto [at, fresh] = independent_of_family.emplace(c.family, c.id);
      if (!fresh) {
        family.fail(fmt::format("family `{}` already has an independent check, `{}`", c.family,
                                at->second),
                    "one independent check per family; say why this one is not: dependent: ...");
      }
    }
    suite.cases.push_back(std::move(c));
  }
  return suite;
}

}  // namespace

AccuracySuite load_accuracy_suite(const std::filesystem::path& path,
                                  const SuiteCatalog& catalog) {
  return read_suite(YamlDocument::from_file(path), catalog);
}

AccuracySuite load_accuracy_suite_text(std::string_view text, const std::string& name,
                                       const SuiteCatalog& catalog) {
  return read_suite(YamlDocument::from_text(text, name), catalog);
}

}  // namespace stowage::sim::config
