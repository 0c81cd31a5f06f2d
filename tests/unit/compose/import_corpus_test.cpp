// The compose corpus (tests/data/compose/<case>/): each case imported, its
// warnings, topology and profiles compared with <case>/expected.txt.
#include <catch2/catch.hpp>

#include "corpus.hpp"
#include "infractl/compose/compose_parser.hpp"
#include "infractl/compose/compose_to_topology.hpp"

using namespace infractl;
using namespace compose_test;

namespace {

struct Case {
    const char* dir;
    std::vector<std::string> files;
    const char* project = "";
};

// Diagnostics with the corpus path cut, so the golden does not depend on the checkout.
std::string diagnostics_text(const Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags.sorted()) {
        std::string line = d.str();
        for (std::size_t p; (p = line.find(kCorpus + "/")) != std::string::npos;) line.erase(p, kCorpus.size() + 1);
        out += line + "\n";
    }
    return out;
}

std::string import_text(const Case& c) {
    std::vector<std::string> paths;
    for (const auto& f : c.files) paths.push_back(kCorpus + "/" + c.dir + "/" + f);
    Diagnostics diags;
    auto file = compose::load_compose_files(paths, compose::disk_reader(), compose::Unsupported::warn, diags);
    std::string out;
    compose::ImportResult r;
    if (file && !diags.has_errors())
        r = compose::compose_to_topology(*file, {"", c.project, kCorpus + "/" + c.dir}, diags);
    out += "== diagnostics\n" + diagnostics_text(diags);
    if (diags.has_errors()) return out;
    out += "== infractl.yaml\n" + r.topology;
    for (const auto& [name, text] : r.profiles) out += "== profiles/" + name + ".yaml\n" + text;
    return out;
}

}  // namespace

TEST_CASE("compose corpus imports as its golden", "[compose][golden]") {
    static const Case cases[] = {
        {"web-db", {"docker-compose.yml"}},
        {"celery-redis", {"docker-compose.yml"}, "shop"},
        {"build-contexts", {"docker-compose.yml"}},
        {"healthchecks-v2", {"docker-compose.yml"}},
        {"secrets", {"docker-compose.yml"}},
        {"networks", {"docker-compose.yml"}},
        {"profiles", {"docker-compose.yml"}},
        {"override", {"docker-compose.yml", "docker-compose.override.yml"}},
        {"extends", {"docker-compose.yml"}},
        {"long-syntax", {"docker-compose.yml"}},
    };
    for (const auto& c : cases) {
        SECTION(c.dir) { check_golden(std::string(c.dir) + "/expected.txt", import_text(c)); }
    }
}
