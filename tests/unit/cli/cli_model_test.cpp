#include <catch2/catch.hpp>

#include <algorithm>

#include "infractl/cli/cli_model.hpp"

using namespace infractl;
using namespace infractl::cli;

namespace {

std::vector<CommandModel> model() {
    CliState state;
    auto app = make_cli(state);
    return describe_cli(*app);
}

const CommandModel& find(const std::vector<CommandModel>& cli, const std::string& path) {
    auto it = std::find_if(cli.begin(), cli.end(), [&](const CommandModel& c) { return c.path == path; });
    REQUIRE(it != cli.end());
    return *it;
}

std::vector<std::string> names(const std::vector<OptionModel>& options) {
    std::vector<std::string> out;
    for (const auto& o : options) out.insert(out.end(), o.names.begin(), o.names.end());
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

TEST_CASE("cli model: every command of the table, with its options and what completes them", "[unit][cli]") {
    auto cli = model();
    const CommandModel& root = find(cli, "");
    for (const auto& cmd : commands()) CHECK(has(root.children, cmd.name));
    CHECK(has(names(root.options), "--file"));
    CHECK(has(names(root.options), "-f"));

    const CommandModel& logs = find(cli, "logs");
    CHECK(has(names(logs.options), "--follow"));
    CHECK_FALSE(has(names(logs.options), "-f"));  // -f is the global --file
    REQUIRE(logs.positionals.size() == 2);
    CHECK(logs.positionals[0].complete == "project");
    CHECK(logs.positionals[1].complete == "service");

    const CommandModel& scale = find(cli, "scale");
    REQUIRE(scale.positionals.size() == 2);
    CHECK(scale.positionals[1].complete == "assign");
    CHECK(scale.last_repeats);

    const CommandModel& completion = find(cli, "completion");
    CHECK(completion.positionals.at(0).complete == "words:bash,zsh,fish");
    CHECK_FALSE(has(names(completion.options), "--projects"));  // hidden: asked by the scripts only

    CHECK(find(cli, "status").aliases == std::vector<std::string>{"ps"});
    CHECK(has(find(cli, "export").children, "kubernetes"));
    for (const auto& o : root.options) {
        if (o.names.back() == "--output") CHECK(o.complete == "words:text,json");
    }
}

TEST_CASE("cli model: the scripts and the man page name every command", "[unit][cli]") {
    auto cli = model();
    std::string bash = render_completion(cli, "bash");
    std::string zsh = render_completion(cli, "zsh");
    std::string fish = render_completion(cli, "fish");
    std::string man = render_man_page(cli, "9.9.9");
    CHECK(zsh.starts_with("#compdef infractl\n"));
    CHECK(man.starts_with(".TH INFRACTL 1 \"\" \"infractl 9.9.9\""));
    for (const auto& cmd : commands()) {
        INFO(cmd.name);
        CHECK(bash.find(std::string("'") + cmd.name + "')") != std::string::npos);
        CHECK(fish.find(std::string("case '") + cmd.name + "'") != std::string::npos);
        CHECK(man.find(std::string(".SS \"infractl ") + cmd.name) != std::string::npos);
    }
    CHECK(man.find("\\fB\\-\\-follow\\fR") != std::string::npos);
    CHECK_THROWS_WITH(render_completion(cli, "tcsh"), "no completion for shell 'tcsh'");
}
