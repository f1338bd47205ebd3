#include "compiler/plan/plan.h"
#include "compiler/plan/step_graph.h"

#include <memory>
#include <openssl/evp.h>

namespace stepwise::plan {

std::string make_plan_id(const std::string& from_fingerprint, const std::string& to_fingerprint) {
    const std::string input = from_fingerprint + ":" + to_fingerprint;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), input.data(), input.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1)
        throw PlanError("cannot compute the plan id: SHA-256 is unavailable");
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length && out.size() < 12; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xf];
    }
    return out;
}

} // namespace stepwise::plan
