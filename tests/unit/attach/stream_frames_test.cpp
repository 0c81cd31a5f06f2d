#include <catch2/catch.hpp>

#include "infractl/engine/stream_frames.hpp"

using namespace infractl;

namespace {

std::string frame(char stream, const std::string& payload) {
    std::string h(8, '\0');
    h[0] = stream;
    auto n = static_cast<std::uint32_t>(payload.size());
    h[4] = static_cast<char>(n >> 24);
    h[5] = static_cast<char>(n >> 16);
    h[6] = static_cast<char>(n >> 8);
    h[7] = static_cast<char>(n);
    return h + payload;
}

struct Collected {
    std::string out, err;
    FrameDecoder decoder{[this](StdStream s, std::string_view p) { (s == StdStream::stderr_ ? err : out).append(p); }};
};

}  // namespace

TEST_CASE("frames: stdout and stderr are kept apart, however the bytes are cut", "[unit][attach]") {
    std::string wire = frame(1, "out one\n") + frame(2, "err one\n") + frame(1, "out two\n") + frame(2, "");
    for (std::size_t cut = 1; cut <= wire.size(); ++cut) {
        Collected c;
        for (std::size_t at = 0; at < wire.size(); at += cut) c.decoder.feed(std::string_view(wire).substr(at, cut));
        INFO("pieces of " << cut << " bytes");
        CHECK(c.out == "out one\nout two\n");
        CHECK(c.err == "err one\n");
        CHECK(c.decoder.at_boundary());
    }
}

TEST_CASE("frames: a stream cut in a frame is not at a boundary", "[unit][attach]") {
    Collected c;
    c.decoder.feed(frame(1, "hello").substr(0, 10));
    CHECK(c.out == "he");
    CHECK_FALSE(c.decoder.at_boundary());
}

TEST_CASE("lines: split on newline, CR dropped, a last partial line kept until flush", "[unit][attach]") {
    std::vector<std::string> lines;
    LineSplitter s([&](std::string_view l) { lines.emplace_back(l); });
    s.feed("one\r\ntw");
    s.feed("o\n\nthree");
    CHECK(lines == std::vector<std::string>{"one", "two", ""});
    s.flush();
    CHECK(lines == std::vector<std::string>{"one", "two", "", "three"});
}
