#pragma once
// SHA-256 (OpenSSL's EVP), fed in pieces, as lowercase hex: the config hash
// and the content-addressed build tags.
#include <memory>
#include <string>
#include <string_view>

namespace infractl {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view data);
    // 64 hex digits; the object cannot be fed afterwards.
    std::string hex();

private:
    struct Ctx;
    std::unique_ptr<Ctx> ctx_;
};

std::string sha256_hex(std::string_view data);

}  // namespace infractl
