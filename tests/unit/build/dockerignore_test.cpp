// .dockerignore with Docker's pattern rules, case by case.
#include <catch2/catch.hpp>

#include "infractl/build/dockerignore.hpp"

using namespace infractl;

TEST_CASE("dockerignore follows Docker's pattern rules", "[build][dockerignore]") {
    static const struct {
        const char* name;
        const char* ignore;
        const char* path;
        bool excluded;
    } cases[] = {
        {"no patterns", "", "app/main.py", false},
        {"exact file", "secret.txt\n", "secret.txt", true},
        {"a pattern matches from the root only", "*.pyc\n", "app/x.pyc", false},
        {"star at the root", "*.pyc\n", "x.pyc", true},
        {"star does not cross a slash", "app/*.py\n", "app/sub/x.py", false},
        {"double star crosses folders", "**/*.pyc\n", "app/sub/x.pyc", true},
        {"double star matches zero folders", "**/*.pyc\n", "x.pyc", true},
        {"a folder excludes what it holds", "node_modules\n", "node_modules/a/b.js", true},
        {"leading slash is the root", "/build\n", "build/out.o", true},
        {"cleaned like filepath.Clean", "./app/../tmp//\n", "tmp/x", true},
        {"question mark is one character", "log?.txt\n", "log1.txt", true},
        {"question mark is not two", "log?.txt\n", "log12.txt", false},
        {"character class", "[ab].txt\n", "b.txt", true},
        {"comment lines are skipped", "# secret.txt\n", "# secret.txt", false},
        {"surrounding spaces are trimmed", "  secret.txt  \n", "secret.txt", true},
        {"exception re-includes", "*.md\n!README.md\n", "README.md", false},
        {"exception leaves the others out", "*.md\n!README.md\n", "CHANGES.md", true},
        {"the last match wins", "!README.md\n*.md\n", "README.md", true},
        {"exception inside an excluded folder", "docs\n!docs/keep.txt\n", "docs/keep.txt", false},
        {"the excluded folder's other files stay out", "docs\n!docs/keep.txt\n", "docs/other.txt", true},
        {"CRLF line ends", "secret.txt\r\n", "secret.txt", true},
        {"escaped star is literal", "a\\*b\n", "a*b", true},
        {"escaped star is not a wildcard", "a\\*b\n", "axb", false},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(DockerIgnore::parse(c.ignore).excluded(c.path) == c.excluded);
    }
}

TEST_CASE("dockerignore says when an excluded folder must still be walked", "[build][dockerignore]") {
    CHECK_FALSE(DockerIgnore::parse("docs\n").has_exceptions());
    CHECK(DockerIgnore::parse("docs\n!docs/keep\n").has_exceptions());
    CHECK(DockerIgnore::parse("/\n.\n").empty());
}
