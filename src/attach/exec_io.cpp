#include "infractl/attach/exec_io.hpp"

#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <string_view>

#include "infractl/engine/stream_frames.hpp"

namespace infractl {

namespace {

std::atomic<bool> g_resized{false};
extern "C" void on_winch(int) { g_resized = true; }

// Installs the SIGWINCH handler for its lifetime.
class WinchGuard {
public:
    explicit WinchGuard(bool on) : on_(on) {
        if (on_) previous_ = std::signal(SIGWINCH, on_winch);
    }
    ~WinchGuard() {
        if (on_) std::signal(SIGWINCH, previous_);
    }

private:
    bool on_;
    void (*previous_)(int) = SIG_DFL;
};

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the reader went away (a closed pipe): drop the rest
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace

RawTerminal::RawTerminal(int fd) : fd_(fd) {
    if (!::isatty(fd) || ::tcgetattr(fd, &saved_) != 0) return;
    termios raw = saved_;
    ::cfmakeraw(&raw);
    active_ = ::tcsetattr(fd, TCSANOW, &raw) == 0;
}

RawTerminal::~RawTerminal() {
    if (active_) ::tcsetattr(fd_, TCSANOW, &saved_);
}

std::optional<std::pair<int, int>> terminal_size(int fd) {
    winsize ws{};
    if (::ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0) return std::nullopt;
    return std::make_pair(static_cast<int>(ws.ws_row), static_cast<int>(ws.ws_col));
}

void pump_exec_stream(HijackedConnection& conn, const PumpOptions& o) {
    WinchGuard winch(static_cast<bool>(o.on_resize));
    FrameDecoder frames([&](StdStream s, std::string_view p) { write_all(s == StdStream::stderr_ ? o.err_fd : o.out_fd, p); });
    bool stdin_open = true;
    char buf[16 * 1024];
    while (true) {
        if (g_resized.exchange(false) && o.on_resize) {
            if (auto size = terminal_size(o.out_fd)) o.on_resize(size->first, size->second);
        }
        pollfd fds[2] = {{conn.fd(), POLLIN, 0}, {o.in_fd, POLLIN, 0}};
        int rc = ::poll(fds, stdin_open ? 2 : 1, 250);
        if (rc < 0 && errno != EINTR) return;
        if (rc <= 0) continue;
        if (fds[0].revents != 0) {
            // Drain what is there; an empty read with closed() is the end.
            while (true) {
                std::string_view got = conn.recv_some();
                if (got.empty()) break;
                if (o.tty) {
                    write_all(o.out_fd, got);
                } else {
                    frames.feed(got);
                }
            }
            if (conn.closed()) return;
        }
        if (stdin_open && fds[1].revents != 0) {
            ssize_t n = ::read(o.in_fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n > 0) {
                conn.send_all(std::string_view(buf, static_cast<std::size_t>(n)));
            } else {
                stdin_open = false;
                conn.close_write();
            }
        }
    }
}

}  // namespace infractl
