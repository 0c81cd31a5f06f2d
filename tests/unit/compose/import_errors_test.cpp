// Bad compose files (tests/data/compose/invalid/): each gets exactly these
// located lines, and the import yields nothing to write.
#include <catch2/catch.hpp>

#include "corpus.hpp"
#include "infractl/compose/compose_parser.hpp"
#include "infractl/compose/compose_to_topology.hpp"

using namespace infractl;
using namespace compose_test;

namespace {

// Every diagnostic line, with the corpus path cut; "" when the import succeeded.
std::string import_errors(const std::string& name, compose::Unsupported mode) {
    Diagnostics diags;
    auto file = compose::load_compose_files({kCorpus + "/invalid/" + name}, compose::disk_reader(), mode, diags);
    if (file && !diags.has_errors()) compose::compose_to_topology(*file, {"", "", kCorpus + "/invalid"}, diags);
    if (!diags.has_errors()) return "";
    std::string out;
    for (const auto& d : diags.sorted()) {
        std::string line = d.str();
        if (auto p = line.find(kCorpus + "/invalid/"); p != std::string::npos) line.erase(p, kCorpus.size() + 9);
        out += line + "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("bad compose files get one located error each", "[compose]") {
    static const struct {
        const char* file;
        compose::Unsupported mode;
        const char* expected;
    } cases[] = {
        {"not-yaml.yml", compose::Unsupported::warn,
         "not-yaml.yml:4:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at line 3) "
         "(hint: check the indentation and quoting on this line and the one before)\n"},
        {"top-level-list.yml", compose::Unsupported::warn,
         "top-level-list.yml:1:1: expected a mapping at the top of a compose file, got a sequence "
         "(hint: a compose file starts with 'services:')\n"},
        {"top-level-scalar.yml", compose::Unsupported::warn,
         "top-level-scalar.yml:1:1: expected a mapping at the top of a compose file, got a string "
         "(hint: a compose file starts with 'services:')\n"},
        {"empty.yml", compose::Unsupported::warn,
         "empty.yml:1:1: file is empty (hint: a compose file starts with 'services:')\n"},
        {"image-is-list.yml", compose::Unsupported::warn,
         "image-is-list.yml:3:12: expected a string for 'image', got a sequence\n"},
        {"ports-is-mapping.yml", compose::Unsupported::warn,
         "ports-is-mapping.yml:5:7: expected a list for 'ports', got a mapping\n"},
        {"environment-is-string.yml", compose::Unsupported::warn,
         "environment-is-string.yml:4:18: expected a list for 'environment', got a string\n"},
        {"healthcheck-is-string.yml", compose::Unsupported::warn,
         "healthcheck-is-string.yml:3:5: warning: compose key 'build' is not supported (hint: infractl runs images "
         "and does not build them: build it first (docker-compose build, or docker build -t IMAGE CONTEXT) and keep "
         "'image:')\n"
         "healthcheck-is-string.yml:4:18: expected a mapping for 'healthcheck', got a string\n"},
        {"format-1.yml", compose::Unsupported::warn,
         "format-1.yml:1:1: no 'services' in the compose file (hint: infractl reads format 2, 3 and the compose "
         "spec, where services are under 'services:')\n"},
        {"bad-condition.yml", compose::Unsupported::warn,
         "bad-condition.yml:5:23: invalid value 'service_healty' for 'condition' (hint: use service_started, "
         "service_healthy or service_completed_successfully)\n"},
        {"unknown-dependency.yml", compose::Unsupported::warn,
         "unknown-dependency.yml:4:18: service 'web' depends on 'db', which is not a service\n"},
        {"bad-restart.yml", compose::Unsupported::warn,
         "bad-restart.yml:4:14: invalid value 'sometimes' for 'restart' (hint: use no, always, on-failure[:N] or "
         "unless-stopped)\n"},
        {"bad-service-name.yml", compose::Unsupported::warn,
         "bad-service-name.yml:2:3: service name 'Web.App' is not a valid infractl name: use lowercase letters, "
         "digits, '-' and '_', starting and ending with a letter or digit (hint: rename the service)\n"},
        {"global-replicas.yml", compose::Unsupported::warn,
         "global-replicas.yml:5:17: service 'worker' asks for 3 replicas; a global runs 0 or 1 (hint: import into a "
         "project (--project NAME), whose services scale)\n"},
        {"strict-container-name.yml", compose::Unsupported::error,
         "strict-container-name.yml:4:5: compose key 'container_name' is not supported (hint: infractl names "
         "containers itself: {stack}-{service} for globals, {project}-{service}[-N] in a project)\n"},
        {"strict-container-name.yml", compose::Unsupported::warn, ""},
    };
    for (const auto& c : cases) {
        INFO(c.file);
        CHECK(import_errors(c.file, c.mode) == c.expected);
    }
}
