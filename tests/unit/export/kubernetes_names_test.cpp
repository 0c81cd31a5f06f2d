// Names, quantities and scalar quoting: the small rules Kubernetes enforces
// that Docker does not.
#include <catch2/catch.hpp>

#include "export_fixtures.hpp"

using namespace infractl;
using namespace infractl::k8s;

TEST_CASE("k8s: names are DNS-1123 labels", "[export]") {
    static const struct {
        const char* in;
        const char* out;
    } cases[] = {
        {"turfoo-celery-worker", "turfoo-celery-worker"},
        {"monorepo_net", "monorepo-net"},
        {"My.Service", "my-service"},
        {"_global", "global"},
        {"--x--", "x"},
        {"", "x"},
        {"a23456789012345678901234567890123456789012345678901234567890123", "a23456789012345678901234567890123456789012345678901234567890123"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(dns_label(c.in) == c.out);
    }
}

TEST_CASE("k8s: a name above 63 characters keeps a hash of the whole, so two stay apart", "[export]") {
    std::string a = std::string(70, 'a') + "-one", b = std::string(70, 'a') + "-two";
    CHECK(dns_label(a).size() == 63);
    CHECK(dns_label(a) != dns_label(b));
    CHECK(dns_label(a).substr(0, 55) == std::string(54, 'a') + "-");
    CHECK(dns_label(a) == dns_label(a));
}

TEST_CASE("k8s: quantities from infractl's units", "[export]") {
    static const struct {
        std::int64_t nano;
        const char* out;
    } cpu[] = {{250'000'000, "250m"}, {2'000'000'000, "2"}, {1'500'000'000, "1500m"}, {1, "1m"}, {1'000'001, "2m"}};
    for (const auto& c : cpu) {
        INFO(c.nano);
        CHECK(cpu_quantity(NanoCpus{c.nano}) == c.out);
    }
    static const struct {
        const char* bytes;
        const char* out;
    } mem[] = {{"512M", "512Mi"}, {"1G", "1Gi"}, {"1.5G", "1536Mi"}, {"1000", "1000"}, {"2T", "2Ti"}, {"3k", "3Ki"}};
    for (const auto& m : mem) {
        INFO(m.bytes);
        CHECK(memory_quantity(*parse_bytes(m.bytes)) == m.out);
    }
}

TEST_CASE("k8s: strings that would read back as numbers or booleans are quoted", "[export]") {
    static const struct {
        const char* in;
        const char* out;
    } cases[] = {
        {"100", "\"100\"\n"},     {"true", "\"true\"\n"}, {"yes", "\"yes\"\n"}, {"", "\"\"\n"},
        {"1.5", "\"1.5\"\n"},     {"null", "\"null\"\n"}, {"0x1F", "\"0x1F\"\n"}, {"redis", "redis\n"},
        {"250m", "250m\n"},       {"6379", "\"6379\"\n"}, {"1e3", "\"1e3\"\n"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(emit_yaml(Value::str(c.in)) == c.out);
    }
    CHECK(emit_yaml(Value::num(100)) == "100\n");
    CHECK(emit_yaml(Value::flag(true)) == "true\n");
}

TEST_CASE("k8s: maps keep insertion order and set() replaces in place", "[export]") {
    Value v = Value::map().set("b", "1x").set("a", Value::num(2)).set("b", "3x");
    CHECK(emit_yaml(v) == "b: 3x\na: 2\n");
    CHECK(emit_yaml(Value::map().set("empty", Value::list())) == "empty: []\n");
}

TEST_CASE("k8s: file names sort the Namespace first", "[export]") {
    Object ns{"Namespace", "monorepo", "", Value::map()};
    Object deploy{"Deployment", "turfoo-celery-worker", "monorepo", Value::map()};
    CHECK(file_name(ns) == "00-namespace-monorepo.yaml");
    CHECK(file_name(deploy) == "09-deployment-turfoo-celery-worker.yaml");
}
