#pragma once
// The engine's framed stream (logs and exec of a container without a TTY):
// each frame is an 8-byte header [stream, 0, 0, 0, size as uint32 big-endian]
// then `size` bytes of payload. Stream 1 is stdout, 2 stderr (0 stdin, sent
// back by some engines for an attached stdin). The decoder is fed the bytes
// as the socket hands them over, cut anywhere, and emits whole payloads.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace infractl {

enum class StdStream { stdin_, stdout_, stderr_ };
const char* to_string(StdStream s);  // "stdin", "stdout", "stderr"

class FrameDecoder {
public:
    using Sink = std::function<void(StdStream, std::string_view payload)>;
    explicit FrameDecoder(Sink sink) : sink_(std::move(sink)) {}

    // Emits every payload completed by `bytes` (a payload split across calls
    // is emitted in pieces as they arrive, never merged with another frame's).
    void feed(std::string_view bytes);
    // True when no frame is half read (a stream that ends here ended cleanly).
    bool at_boundary() const { return header_.empty() && remaining_ == 0; }

private:
    Sink sink_;
    std::string header_;       // bytes of a header not yet complete
    std::uint32_t remaining_ = 0;  // payload bytes still to come for the current frame
    StdStream current_ = StdStream::stdout_;
};

// Splits a byte stream into lines ('\n' removed, a trailing '\r' too). The
// last line without '\n' is kept until more comes or flush() is called.
class LineSplitter {
public:
    using Sink = std::function<void(std::string_view line)>;
    explicit LineSplitter(Sink sink) : sink_(std::move(sink)) {}
    void feed(std::string_view bytes);
    void flush();  // emits a last unterminated line, if any

private:
    Sink sink_;
    std::string partial_;
};

}  // namespace infractl
