#include "infractl/resolve/naming.hpp"

#include <cctype>

namespace infractl {

std::string service_base_name(const std::string& stack, const std::string& project, const std::string& service,
                              bool global) {
    return (global ? stack : project) + "-" + service;
}

std::string build_tag(const std::string& base_name, const std::string& content_hash) {
    return "infractl-build/" + base_name + ":" + (content_hash.empty() ? "unhashed" : content_hash.substr(0, 16));
}

std::string container_name(const std::string& base, bool numbered, int replica) {
    return numbered ? base + "-" + std::to_string(replica) : base;
}

std::string network_engine_name(const std::string& stack, const std::string& key) { return stack + "_" + key; }

std::string volume_engine_name(const std::string& stack, const std::string& project, const std::string& key,
                               bool global) {
    return global ? stack + "_" + key : stack + "_" + project + "_" + key;
}

std::string network_alias(const std::string& project, const std::string& service, bool global) {
    return global ? service : project + "-" + service;
}

std::string default_managed_env(const std::string& service) {
    std::string out;
    out.reserve(service.size() + 4);
    for (char c : service) out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out + "_URL";
}

}  // namespace infractl
