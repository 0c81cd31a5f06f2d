#pragma once
// Strong types for the engine's units, so a byte count is never passed where
// nanoseconds or nano-CPUs are meant. Parsers return std::nullopt on bad input;
// callers turn that into a located diagnostic.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace infractl {

struct Bytes {
    std::int64_t value = 0;
    friend auto operator<=>(const Bytes&, const Bytes&) = default;
};

struct NanoCpus {  // 1 CPU = 1'000'000'000
    std::int64_t value = 0;
    friend auto operator<=>(const NanoCpus&, const NanoCpus&) = default;
};

struct Duration {  // nanoseconds, as the engine's healthcheck fields take them
    std::int64_t ns = 0;
    friend auto operator<=>(const Duration&, const Duration&) = default;
    std::int64_t seconds() const { return ns / 1'000'000'000; }
};

// "512M", "1G", "1.5Gi", "1024", "512MB", "256k". Decimal suffixes (k, M, G, T)
// are powers of 1024 as in compose and docker; "Ki/Mi/Gi/Ti" likewise.
// Rejects negatives, unknown suffixes and values above 2^62.
std::optional<Bytes> parse_bytes(std::string_view text);
// "0.25", "2", "1.5": a positive number of CPUs, at most 1024.
std::optional<NanoCpus> parse_cpus(std::string_view text);
// A CPU reservation as the Docker engine can hold it: CpuShares, a relative
// weight under contention (1 CPU = 1024 shares, the engine's default weight
// for a container; at least 2). It guarantees nothing when the CPUs are
// idle, unlike a Swarm reservation, which refuses to place what does not fit.
std::int64_t docker_cpu_shares(NanoCpus reservation);
// The reservation inspect's CpuShares stands for (docker_cpu_shares inverted).
NanoCpus cpus_from_docker_shares(std::int64_t shares);
// "5s", "1m30s", "250ms", "2h", "10us", "0s"; a bare number is seconds.
std::optional<Duration> parse_duration(std::string_view text);

// Canonical renderings used in plans, renders and budgets: "512M", "1G",
// "1.5G", "0.25", "5s", "1m30s". Round-trip with the parsers.
std::string format_bytes(Bytes b);
// A measured size for people: "512 B", "37.3 MiB", "1.0 GiB" (one decimal,
// binary units). format_bytes is for values written back into files.
std::string format_bytes_human(Bytes b);
std::string format_cpus(NanoCpus c);
std::string format_duration(Duration d);

}  // namespace infractl
