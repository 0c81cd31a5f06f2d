// The files a build context sends, their hash and the tar.
#include <catch2/catch.hpp>

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>

#include "infractl/build/build_context.hpp"
#include "support/temp_dir.hpp"

using namespace infractl;

namespace {

BuildSpec spec_of(const test::TempDir& dir) {
    BuildSpec b;
    b.context = dir.path;
    return b;
}

std::vector<std::string> paths(const std::vector<ContextEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(e.path);
    return out;
}

std::string hash_of(const BuildSpec& b) { return build_context_hash(b, list_build_context(b)); }

std::vector<std::string> tar_paths(const std::string& tar) {
    std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), &archive_read_free);
    archive_read_support_format_tar(a.get());
    REQUIRE(archive_read_open_memory(a.get(), tar.data(), tar.size()) == ARCHIVE_OK);
    std::vector<std::string> out;
    archive_entry* e = nullptr;
    while (archive_read_next_header(a.get(), &e) == ARCHIVE_OK) {
        std::string path = archive_entry_pathname(e);
        if (!path.empty() && path.back() == '/') path.pop_back();  // folders are written "app/"
        out.push_back(path);
        CHECK(archive_entry_uid(e) == 0);
    }
    return out;
}

}  // namespace

TEST_CASE("a build context sends what .dockerignore keeps, and always the Dockerfile", "[build][context]") {
    test::TempDir dir;
    dir.write("Dockerfile", "FROM scratch\n");
    dir.write(".dockerignore", "Dockerfile\n**/__pycache__\ndocs\n!docs/keep.txt\n");
    dir.write("app/main.py", "print(1)\n");
    dir.write("app/__pycache__/main.pyc", "x");
    dir.write("docs/keep.txt", "k");
    dir.write("docs/drop.txt", "d");
    BuildSpec b = spec_of(dir);
    std::vector<std::string> want = {".dockerignore", "Dockerfile", "app", "app/main.py", "docs/keep.txt"};
    CHECK(paths(list_build_context(b)) == want);
    CHECK(tar_paths(build_context_tar(b, list_build_context(b))) == want);
}

TEST_CASE("the context hash is stable and changes with what makes another image", "[build][context]") {
    test::TempDir dir;
    dir.write("Dockerfile", "FROM scratch\nCOPY . /\n");
    dir.write("app/main.py", "print(1)\n");
    dir.write("notes.log", "ignored");
    dir.write(".dockerignore", "*.log\n");
    BuildSpec b = spec_of(dir);
    const std::string first = hash_of(b);
    CHECK(first.size() == 64);
    CHECK(hash_of(b) == first);

    SECTION("a modification time alone does not change it") {
        std::filesystem::last_write_time(std::filesystem::path(dir.path) / "app/main.py",
                                         std::filesystem::file_time_type::clock::now() - std::chrono::hours(5));
        CHECK(hash_of(b) == first);
    }
    SECTION("an ignored file does not change it") {
        dir.write("notes.log", "other");
        CHECK(hash_of(b) == first);
    }
    SECTION("a file's content does") {
        dir.write("app/main.py", "print(2)\n");
        CHECK(hash_of(b) != first);
    }
    SECTION("a new file does") {
        dir.write("app/extra.py", "");
        CHECK(hash_of(b) != first);
    }
    SECTION("the execute bit does") {
        chmod((dir.path + "/app/main.py").c_str(), 0755);
        CHECK(hash_of(b) != first);
    }
    SECTION("a build arg does") {
        b.args["PY"] = "3";
        CHECK(hash_of(b) != first);
    }
    SECTION("the target does") {
        b.target = "prod";
        CHECK(hash_of(b) != first);
    }
    SECTION("the Dockerfile's path does") {
        dir.write("Dockerfile.dev", "FROM scratch\nCOPY . /\n");
        b.dockerfile = "Dockerfile.dev";
        CHECK(hash_of(b) != first);
    }
}

TEST_CASE("the same files in another folder hash the same", "[build][context]") {
    test::TempDir a, b;
    for (const auto* d : {&a, &b}) {
        d->write("Dockerfile", "FROM scratch\n");
        d->write("x/y.txt", "same");
        chmod((d->path + "/x/y.txt").c_str(), 0644);
        chmod((d->path + "/Dockerfile").c_str(), 0644);
        chmod((d->path + "/x").c_str(), 0755);
    }
    CHECK(hash_of(spec_of(a)) == hash_of(spec_of(b)));
}

TEST_CASE("hash_build_contexts fills every service's hash, located errors for unreadable contexts", "[build][context]") {
    test::TempDir dir;
    dir.write("Dockerfile", "FROM scratch\n");
    Topology t;
    Service s;
    s.name = "web";
    s.build = spec_of(dir);
    t.globals.push_back(s);
    Diagnostics diags;
    hash_build_contexts(t, diags);
    CHECK_FALSE(diags.has_errors());
    CHECK(t.globals[0].build->content_hash == hash_of(spec_of(dir)));
}

TEST_CASE("the context hash of fixed files is pinned: its form is a compatibility promise", "[build][context]") {
    // Changing the hashed form changes every build tag (and rebuilds every
    // image): bump "infractl-build-v1" and say so, then update this value.
    test::TempDir dir;
    dir.write("Dockerfile", "FROM scratch\nCOPY a.txt /\n");
    dir.write("a.txt", "hello\n");
    chmod((dir.path + "/Dockerfile").c_str(), 0644);
    chmod((dir.path + "/a.txt").c_str(), 0600);
    BuildSpec b = spec_of(dir);
    b.args = {{"X", "1"}};
    CHECK(hash_of(b) == "e3f41a642a4ba286aba7a0f7ec51b943791d1d517df2a2e88bcf4ac2fbe59319");
}
