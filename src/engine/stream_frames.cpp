#include "infractl/engine/stream_frames.hpp"

#include <algorithm>

namespace infractl {

const char* to_string(StdStream s) {
    switch (s) {
        case StdStream::stdin_: return "stdin";
        case StdStream::stdout_: return "stdout";
        case StdStream::stderr_: return "stderr";
    }
    return "stdout";
}

namespace {

StdStream stream_of(unsigned char byte) {
    switch (byte) {
        case 0: return StdStream::stdin_;
        case 2: return StdStream::stderr_;
        default: return StdStream::stdout_;  // 1, and anything newer: show it rather than drop it
    }
}

}  // namespace

void FrameDecoder::feed(std::string_view bytes) {
    while (!bytes.empty()) {
        if (remaining_ > 0) {
            std::size_t take = std::min<std::size_t>(remaining_, bytes.size());
            sink_(current_, bytes.substr(0, take));
            remaining_ -= static_cast<std::uint32_t>(take);
            bytes.remove_prefix(take);
            continue;
        }
        std::size_t need = 8 - header_.size();
        std::size_t take = std::min(need, bytes.size());
        header_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        if (header_.size() < 8) return;
        auto b = [&](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(header_[i])); };
        current_ = stream_of(static_cast<unsigned char>(header_[0]));
        remaining_ = (b(4) << 24) | (b(5) << 16) | (b(6) << 8) | b(7);
        header_.clear();
    }
}

void LineSplitter::feed(std::string_view bytes) {
    while (!bytes.empty()) {
        auto nl = bytes.find('\n');
        if (nl == std::string_view::npos) {
            partial_.append(bytes);
            return;
        }
        partial_.append(bytes.substr(0, nl));
        bytes.remove_prefix(nl + 1);
        if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
        sink_(partial_);
        partial_.clear();
    }
}

void LineSplitter::flush() {
    if (partial_.empty()) return;
    if (partial_.back() == '\r') partial_.pop_back();
    sink_(partial_);
    partial_.clear();
}

}  // namespace infractl
