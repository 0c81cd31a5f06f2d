#include "infractl/app/backup_io.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/error_text.hpp"
#include "support/temp_dir.hpp"

using namespace infractl;
using infractl::test::error_text;
using infractl::test::TempDir;

namespace {

std::vector<std::string> names(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("a file sink: a temporary beside the file, renamed only on commit", "[backup]") {
    TempDir dir;
    std::string path = dir.path + "/b.dump";
    {
        auto sink = file_sink(path);
        sink->write("PGDMP");
        sink->write(std::string(100000, 'x'));
        auto during = names(dir.path);
        REQUIRE(during.size() == 1);
        CHECK(during[0].starts_with("b.dump.tmp."));
        sink->commit();
    }
    CHECK(names(dir.path) == std::vector<std::string>{"b.dump"});
    CHECK(std::filesystem::file_size(path) == 100005);
    CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));

    // Not committed (pg_dump failed): the old file stays as it was, no temporary.
    {
        auto sink = file_sink(path);
        sink->write("half");
    }
    CHECK(names(dir.path) == std::vector<std::string>{"b.dump"});
    CHECK(std::filesystem::file_size(path) == 100005);

    CHECK(error_text([&] {
              file_sink(dir.path + "/no/such/dir/x.dump");
          }).starts_with("cannot write " + dir.path + "/no/such/dir/x.dump.tmp."));
}

TEST_CASE("a file source: its first bytes, then every byte from the start", "[backup]") {
    TempDir dir;
    dir.write("a.dump", "PGDMP" + std::string(300000, 'y'));
    auto src = file_source(dir.path + "/a.dump");
    CHECK(src->prefix(5) == "PGDMP");
    std::size_t total = 0, calls = 0;
    src->pump([&](std::string_view chunk) {
        if (calls++ == 0) CHECK(chunk.starts_with("PGDMP"));
        total += chunk.size();
        return true;
    });
    CHECK(total == 300005);
    std::size_t stopped = 0;
    src->pump([&](std::string_view) { return ++stopped < 1; });  // false: the restore ended, stop reading
    CHECK(stopped == 1);
    dir.write("short", "PG");
    CHECK(file_source(dir.path + "/short")->prefix(5) == "PG");
    CHECK(error_text([&] { file_source(dir.path + "/none"); }) ==
          "cannot read " + dir.path + "/none: No such file or directory | ");
}
