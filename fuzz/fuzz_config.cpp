// Fuzzes stepwise.toml loading and the database URLs in it: any bytes must end in a Config
// or a ConfigError (with path:line:col), never a crash or a sanitizer report; every URL must
// parse or throw UrlError, and a parsed URL's redacted form must not depend on its password.

#include "cli/config.h"
#include "dialects/common/url.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

using namespace stepwise;

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_config: %s\n%s\n", what, detail.c_str());
    std::abort();
}

const std::string& scratch_path() {
    static const std::string path =
        "/tmp/stepwise-fuzz-config-" + std::to_string(::getpid()) + ".toml";
    return path;
}

void check_url(const std::string& text) {
    dialect::Url url;
    try {
        url = dialect::parse_url(text);
    } catch (const dialect::UrlError&) {
        return;
    }
    // What a person sees must not depend on the secrets' values.
    auto other = url;
    if (other.password)
        other.password = "x";
    for (auto& [key, value] : other.params)
        if (key == "password" || key == "sslpassword")
            value = "x";
    if (url.redacted() != other.redacted())
        fail("the redacted URL depends on the password", url.redacted());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    // The URL parser sees every input too: it is cheap and its input is as untrusted.
    check_url(text);
    cli::parse_duration(text);

    FILE* f = std::fopen(scratch_path().c_str(), "wb");
    if (!f)
        fail("cannot write the scratch file", scratch_path());
    std::fwrite(data, 1, size, f);
    std::fclose(f);

    cli::Config config;
    try {
        config = cli::load_config(scratch_path());
    } catch (const cli::ConfigError& e) {
        if (std::string(e.what()).rfind(scratch_path() + ":", 0) != 0)
            fail("ConfigError without path:line:col", e.what());
        return 0;
    }
    for (const auto& [name, env] : config.envs)
        check_url(env.url);
    return 0;
}
