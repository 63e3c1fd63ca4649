#include "sim/config/accuracy_cases.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "sim/config/workload_fields.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {

AccuracySuite load_accuracy_suite(const std::filesystem::path& path) {
  const YamlDocument doc = YamlDocument::from_file(path);
  const YamlMap top = doc.root().map({"profiles", "cases"});
  AccuracySuite suite;
  suite.file = doc.name();
  suite.profiles = doc.base_dir() / top.required("profiles", "a profiles directory").as_string();
  std::set<std::string> ids;
  std::map<std::string, std::string> independent_of_family;  // family -> its independent check
  for (const YamlNode& item : top.required("cases", "a list of cases").items("a case mapping")) {
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
    c.storage = m.required("storage", "a storage profile name").as_string();
    if (auto l = m.get("loader")) {
      c.loader = read_loader_spec(*l);
      c.loader_given = true;
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

}  // namespace stowage::sim::config
