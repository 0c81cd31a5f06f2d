// fault_proxy: a fault-injecting HTTP proxy between infractl and dockerd, for
// the reliability tests (tests/e2e/reliability_faults_test.cpp).
//
//   fault_proxy --listen /tmp/p.sock [--upstream /var/run/docker.sock]
//               [--seed N] [--rule "RULE"]...
//
// Listens on a Unix socket and forwards every HTTP/1.1 request to the
// upstream socket (one upstream connection per request, "Connection: close",
// so the answer ends at EOF), unless a rule fires. A rule is one line:
//
//   METHOD PATH_REGEX ACTION [share=P] [nth=N] [max=K]
//
// METHOD is GET/POST/DELETE/... or '*'; PATH_REGEX is searched in the target
// without its "/v1.xx" prefix ("/containers/create?name=x"). The rule fires on
// every match, or on a seeded share P of matches, or only on the Nth match
// (1-based), and at most K times. ACTION is one of
//   delay=MS         wait, then forward
//   drop-before      close the client connection without forwarding
//   drop-after       forward, then close without answering
//   status=CODE      answer CODE with {"message":"fault_proxy: injected CODE"}
//   truncate         forward, answer the first half of the body (framing valid)
//   short            forward, announce the full length, send half, close
//   body=TEXT        forward, answer 200 with TEXT as the body (rest of line)
//   huge=MIB         answer 200 with a JSON body of MIB mebibytes
//   outage=MS        drop this connection, then stop listening for MS ms and
//                    cut every open connection (an engine restart: connects
//                    are refused, the socket file stays)
// The first rule that fires wins. Paths under /_proxy/ are the proxy's own:
//   GET  /_proxy/stats   {"calls":N,"faults":F,"routes":{"GET /containers/json":n},"rules":[...]}
//   POST /_proxy/rules   body: rules, one per line; replaces the rules and resets counters
//   POST /_proxy/reset   zeroes every counter
// and are not counted as calls.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Rule {
    std::string text;
    std::string method;
    std::regex path;
    std::string action;
    std::string arg;
    double share = 1.0;
    long nth = 0;
    long max = -1;
    long matched = 0;
    long fired = 0;
};

struct Request {
    std::string method;
    std::string target;  // as sent
    std::string path;    // without /vX.Y
    std::string head;    // request line + headers, without the blank line
    std::string body;
};

struct Response {
    std::string head;  // status line + headers
    std::string body;
    bool ok = false;
};

// ---- global state, guarded by g_mu ----
std::mutex g_mu;
std::vector<Rule> g_rules;
std::mt19937_64 g_rng;
long g_calls = 0;
long g_faults = 0;
std::map<std::string, long> g_routes;
std::set<int> g_clients;
Clock::time_point g_outage_until{};
std::string g_upstream = "/var/run/docker.sock";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string json_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out.push_back(c);
    }
    return out;
}

Rule parse_rule(const std::string& line) {
    std::istringstream in(line);
    Rule r;
    r.text = line;
    std::string path, action;
    if (!(in >> r.method >> path >> action)) throw std::runtime_error("bad rule: " + line);
    r.path = std::regex(path);
    auto eq = action.find('=');
    r.action = action.substr(0, eq);
    if (eq != std::string::npos) r.arg = action.substr(eq + 1);
    if (r.action == "body") {
        // The body is the rest of the line after "body=".
        auto at = line.find("body=");
        r.arg = line.substr(at + 5);
        return r;
    }
    std::string opt;
    while (in >> opt) {
        if (opt.rfind("share=", 0) == 0) r.share = std::stod(opt.substr(6));
        else if (opt.rfind("nth=", 0) == 0) r.nth = std::stol(opt.substr(4));
        else if (opt.rfind("max=", 0) == 0) r.max = std::stol(opt.substr(4));
        else throw std::runtime_error("bad rule option: " + opt);
    }
    static const std::set<std::string> known = {"delay", "drop-before", "drop-after", "status", "truncate",
                                                "short", "huge",  "outage"};
    if (!known.count(r.action)) throw std::runtime_error("bad rule action: " + r.action);
    return r;
}

std::vector<Rule> parse_rules(const std::string& text) {
    std::vector<Rule> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        out.push_back(parse_rule(line));
    }
    return out;
}

bool write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// Buffered reader over one socket.
struct Reader {
    int fd;
    std::string buf;
    bool fill() {
        char tmp[65536];
        ssize_t n;
        do n = ::recv(fd, tmp, sizeof tmp, 0);
        while (n < 0 && errno == EINTR);
        if (n <= 0) return false;
        buf.append(tmp, static_cast<std::size_t>(n));
        return true;
    }
    std::optional<std::string> until(const std::string& delim) {
        for (;;) {
            auto at = buf.find(delim);
            if (at != std::string::npos) {
                std::string out = buf.substr(0, at);
                buf.erase(0, at + delim.size());
                return out;
            }
            if (!fill()) return std::nullopt;
        }
    }
    std::optional<std::string> exactly(std::size_t n) {
        while (buf.size() < n)
            if (!fill()) return std::nullopt;
        std::string out = buf.substr(0, n);
        buf.erase(0, n);
        return out;
    }
    std::string rest() {
        while (fill()) {
        }
        return std::move(buf);
    }
};

std::string header_value(const std::string& head, const std::string& name) {
    std::istringstream in(head);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto colon = line.find(':');
        if (colon == std::string::npos || lower(line.substr(0, colon)) != name) continue;
        auto v = line.substr(colon + 1);
        v.erase(0, v.find_first_not_of(' '));
        return v;
    }
    return "";
}

// Reads a chunked body; returns the decoded payload.
std::optional<std::string> read_chunked(Reader& r) {
    std::string out;
    for (;;) {
        auto size_line = r.until("\r\n");
        if (!size_line) return std::nullopt;
        std::size_t n = std::stoul(*size_line, nullptr, 16);
        if (n == 0) {
            r.until("\r\n");  // trailer end
            return out;
        }
        auto chunk = r.exactly(n);
        if (!chunk || !r.until("\r\n")) return std::nullopt;
        out += *chunk;
    }
}

std::optional<Request> read_request(Reader& r) {
    auto head = r.until("\r\n\r\n");
    if (!head) return std::nullopt;
    Request req;
    req.head = *head;
    std::istringstream line(head->substr(0, head->find("\r\n")));
    line >> req.method >> req.target;
    static const std::regex version(R"(^/v[0-9]+\.[0-9]+)");
    req.path = std::regex_replace(req.target, version, "", std::regex_constants::format_first_only);
    std::string te = lower(header_value(req.head, "transfer-encoding"));
    if (te.find("chunked") != std::string::npos) {
        auto body = read_chunked(r);
        if (!body) return std::nullopt;
        req.body = *body;
    } else if (auto cl = header_value(req.head, "content-length"); !cl.empty()) {
        auto body = r.exactly(std::stoul(cl));
        if (!body) return std::nullopt;
        req.body = *body;
    }
    return req;
}

// The request as sent upstream: same line and headers, but a plain
// Content-Length body and "Connection: close" so the answer ends at EOF.
std::string upstream_bytes(const Request& req) {
    std::istringstream in(req.head);
    std::string line, out;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string name = lower(line.substr(0, line.find(':')));
        if (name == "connection" || name == "content-length" || name == "transfer-encoding") continue;
        out += line + "\r\n";
    }
    out += "Connection: close\r\n";
    if (!req.body.empty() || req.method == "POST") out += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
    return out + "\r\n" + req.body;
}

int connect_unix(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Forwards and reads the whole answer (decoding chunked framing).
Response forward(const Request& req) {
    Response resp;
    int fd = connect_unix(g_upstream);
    if (fd < 0) return resp;
    if (!write_all(fd, upstream_bytes(req))) {
        ::close(fd);
        return resp;
    }
    Reader r{fd, {}};
    auto head = r.until("\r\n\r\n");
    if (head) {
        resp.head = *head;
        std::string te = lower(header_value(resp.head, "transfer-encoding"));
        std::string cl = header_value(resp.head, "content-length");
        std::optional<std::string> body;
        if (te.find("chunked") != std::string::npos) body = read_chunked(r);
        else if (!cl.empty()) body = r.exactly(std::stoul(cl));
        else body = r.rest();
        if (body) {
            resp.body = std::move(*body);
            resp.ok = true;
        }
    }
    ::close(fd);
    return resp;
}

// Re-frames an answer with Content-Length and keep-alive.
std::string client_bytes(const std::string& head, const std::string& body, std::size_t announced) {
    std::istringstream in(head);
    std::string line, out;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string name = lower(line.substr(0, line.find(':')));
        if (name == "connection" || name == "content-length" || name == "transfer-encoding") continue;
        out += line + "\r\n";
    }
    out += "Content-Length: " + std::to_string(announced) + "\r\n\r\n";
    return out + body;
}

std::string simple_answer(int code, const std::string& body) {
    std::string reason = code == 200 ? "OK" : code == 404 ? "Not Found" : "Injected";
    std::string head = "HTTP/1.1 " + std::to_string(code) + " " + reason + "\r\nContent-Type: application/json";
    return client_bytes(head, body, body.size());
}

std::string stats_json() {
    std::ostringstream out;
    out << "{\"calls\":" << g_calls << ",\"faults\":" << g_faults << ",\"routes\":{";
    bool first = true;
    for (const auto& [k, v] : g_routes) {
        out << (first ? "" : ",") << "\"" << json_escape(k) << "\":" << v;
        first = false;
    }
    out << "},\"rules\":[";
    for (std::size_t i = 0; i < g_rules.size(); ++i) {
        out << (i ? "," : "") << "{\"rule\":\"" << json_escape(g_rules[i].text) << "\",\"matched\":"
            << g_rules[i].matched << ",\"fired\":" << g_rules[i].fired << "}";
    }
    out << "]}";
    return out.str();
}

// Handles /_proxy/ paths; returns the answer.
std::string control(const Request& req) {
    std::lock_guard lock(g_mu);
    if (req.method == "GET" && req.path == "/_proxy/stats") return simple_answer(200, stats_json());
    if (req.method == "POST" && req.path == "/_proxy/rules") {
        try {
            g_rules = parse_rules(req.body);
        } catch (const std::exception& e) {
            return simple_answer(400, std::string("{\"message\":\"") + json_escape(e.what()) + "\"}");
        }
        g_calls = g_faults = 0;
        g_routes.clear();
        return simple_answer(200, "{}");
    }
    if (req.method == "POST" && req.path == "/_proxy/reset") {
        g_calls = g_faults = 0;
        g_routes.clear();
        for (auto& r : g_rules) r.matched = r.fired = 0;
        return simple_answer(200, "{}");
    }
    return simple_answer(404, "{\"message\":\"no such proxy path\"}");
}

// Counts the call and picks the rule that fires, if any (a copy: rules may be replaced meanwhile).
std::optional<Rule> choose(const Request& req) {
    std::lock_guard lock(g_mu);
    ++g_calls;
    ++g_routes[req.method + " " + req.path.substr(0, req.path.find('?'))];
    for (auto& r : g_rules) {
        if (r.method != "*" && r.method != req.method) continue;
        if (!std::regex_search(req.path, r.path)) continue;
        ++r.matched;
        if (r.max >= 0 && r.fired >= r.max) continue;
        if (r.nth > 0 && r.matched != r.nth) continue;
        if (r.share < 1.0 && std::uniform_real_distribution<double>(0, 1)(g_rng) >= r.share) continue;
        ++r.fired;
        ++g_faults;
        return r;
    }
    return std::nullopt;
}

void start_outage(long ms) {
    std::lock_guard lock(g_mu);
    g_outage_until = Clock::now() + std::chrono::milliseconds(ms);
    for (int fd : g_clients) ::shutdown(fd, SHUT_RDWR);
}

bool in_outage() {
    std::lock_guard lock(g_mu);
    return Clock::now() < g_outage_until;
}

// Returns false when the client connection must close.
bool serve_one(int fd, const Request& req) {
    if (req.path.rfind("/_proxy/", 0) == 0) return write_all(fd, control(req));
    if (in_outage()) return false;  // accepted just before the listener closed
    auto rule = choose(req);
    if (!rule) {
        Response resp = forward(req);
        return resp.ok && write_all(fd, client_bytes(resp.head, resp.body, resp.body.size()));
    }
    const std::string& a = rule->action;
    if (a == "delay") {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::stol(rule->arg)));
        Response resp = forward(req);
        return resp.ok && write_all(fd, client_bytes(resp.head, resp.body, resp.body.size()));
    }
    if (a == "drop-before") return false;
    if (a == "outage") {
        start_outage(std::stol(rule->arg));
        return false;
    }
    if (a == "status") {
        return write_all(fd, simple_answer(std::stoi(rule->arg),
                                           "{\"message\":\"fault_proxy: injected " + rule->arg + "\"}"));
    }
    if (a == "huge") {
        std::size_t n = std::stoul(rule->arg) << 20;
        std::string body = "[" + std::string(n, ' ') + "]";
        return write_all(fd, simple_answer(200, body));
    }
    Response resp = forward(req);
    if (!resp.ok || a == "drop-after") return false;
    if (a == "truncate") {
        std::string half = resp.body.substr(0, resp.body.size() / 2);
        return write_all(fd, client_bytes(resp.head, half, half.size()));
    }
    if (a == "short") {
        write_all(fd, client_bytes(resp.head, resp.body.substr(0, resp.body.size() / 2), resp.body.size()));
        return false;
    }
    // body=TEXT
    return write_all(fd, client_bytes(resp.head, rule->arg, rule->arg.size()));
}

void serve_client(int fd) {
    Reader r{fd, {}};
    while (auto req = read_request(r)) {
        if (!serve_one(fd, *req)) break;
    }
    {
        std::lock_guard lock(g_mu);
        g_clients.erase(fd);
    }
    ::close(fd);
}

int listen_unix(const std::string& path) {
    ::unlink(path.c_str());
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 128) != 0) {
        std::perror(("fault_proxy: cannot listen on " + path).c_str());
        std::exit(2);
    }
    return fd;
}

std::atomic<bool> g_stop{false};

void accept_loop(const std::string& path) {
    int lfd = listen_unix(path);
    while (!g_stop) {
        bool outage = in_outage();
        if (outage && lfd >= 0) {
            ::close(lfd);  // the file stays: connects are refused, as when dockerd restarts
            lfd = -1;
        }
        if (!outage && lfd < 0) lfd = listen_unix(path);
        if (lfd < 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        pollfd p{lfd, POLLIN, 0};
        if (::poll(&p, 1, 10) <= 0) continue;
        int cfd = ::accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
        if (cfd < 0) continue;
        if (in_outage()) {
            ::close(cfd);
            continue;
        }
        {
            std::lock_guard lock(g_mu);
            g_clients.insert(cfd);
        }
        std::thread(serve_client, cfd).detach();
    }
    if (lfd >= 0) ::close(lfd);
    ::unlink(path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    std::string listen_path;
    unsigned long seed = 1;
    std::string rules;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--listen") listen_path = v;
        else if (k == "--upstream") g_upstream = v;
        else if (k == "--seed") seed = std::stoul(v);
        else if (k == "--rule") rules += v + "\n";
        else {
            std::fprintf(stderr, "fault_proxy: unknown option %s\n", k.c_str());
            return 64;
        }
    }
    if (listen_path.empty()) {
        std::fprintf(stderr, "usage: fault_proxy --listen PATH [--upstream PATH] [--seed N] [--rule RULE]...\n");
        return 64;
    }
    try {
        g_rules = parse_rules(rules);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fault_proxy: %s\n", e.what());
        return 64;
    }
    g_rng.seed(seed);
    std::signal(SIGPIPE, SIG_IGN);
    auto on_term = [](int) { g_stop = true; };
    std::signal(SIGTERM, on_term);
    std::signal(SIGINT, on_term);
    accept_loop(listen_path);
    return 0;
}
