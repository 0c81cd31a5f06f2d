#pragma once
// The terminal side of `infractl exec`: raw mode while a TTY is attached,
// the window size (and its changes, SIGWINCH), and the copy loop between
// this process's stdin/stdout/stderr and the hijacked connection.
#include <functional>
#include <optional>
#include <utility>

#include <termios.h>

#include "infractl/engine/hijack.hpp"

namespace infractl {

// Puts a terminal in raw mode (keys go to the container as typed, Ctrl-C
// included) and restores it when destroyed. Does nothing for a non-terminal.
class RawTerminal {
public:
    explicit RawTerminal(int fd);
    ~RawTerminal();
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

private:
    int fd_;
    bool active_ = false;
    termios saved_{};
};

// {rows, columns} of the terminal on `fd`; nullopt when it is none.
std::optional<std::pair<int, int>> terminal_size(int fd);

struct PumpOptions {
    bool tty = false;  // output raw (TTY) or framed (stdout and stderr apart)
    int in_fd = 0;
    int out_fd = 1;
    int err_fd = 2;
    // Called (on this thread) after SIGWINCH, with the new size; may be empty.
    std::function<void(int rows, int cols)> on_resize;
};

// Copies in_fd to the connection (its end of file closes the write half: the
// process reads end of file) and the connection's output to out_fd/err_fd,
// until the engine ends the stream (the process exited).
void pump_exec_stream(HijackedConnection& conn, const PumpOptions& options);

}  // namespace infractl
