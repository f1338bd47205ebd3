#include "compiler/frontend/loader.h"

#include "compiler/frontend/binder.h"
#include "compiler/frontend/parse_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace stepwise::frontend {

namespace fs = std::filesystem;

namespace {

bool is_schema_file(const fs::path& p) {
    return p.extension() == ".schema";
}

} // namespace

model::Catalog parse_sources(const std::vector<Source>& sources, model::NamingStyle naming) {
    // Declaration order across files must not matter: bind in path order.
    std::vector<const Source*> ordered;
    for (const auto& s : sources)
        ordered.push_back(&s);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Source* a, const Source* b) { return a->file < b->file; });
    Diagnostics diags;
    std::vector<ast::File> files;
    for (const auto* s : ordered) {
        try {
            if (auto file = parse_file(s->file, s->text, diags))
                files.push_back(std::move(*file));
        } catch (const std::exception& e) {
            // The ANTLR runtime throws on conditions we did not foresee; never let it escape.
            diags.error(s->file, 0, 0, std::string("internal parser error: ") + e.what());
        }
    }
    if (!diags.empty())
        throw FrontendError(diags.sorted());
    model::Catalog catalog = bind(std::move(files), naming, diags);
    if (!diags.empty())
        throw FrontendError(diags.sorted());
    return catalog;
}

model::Catalog load_catalog(const std::vector<std::string>& paths, model::NamingStyle naming) {
    Diagnostics diags;
    std::vector<std::string> files;
    for (const auto& path : paths) {
        std::error_code ec;
        fs::file_status status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            diags.error(path, 0, 0, "no such file or directory");
            continue;
        }
        if (fs::is_directory(status)) {
            size_t before = files.size();
            fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied,
                                                ec);
            for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
                if (it->is_regular_file(ec) && is_schema_file(it->path()))
                    files.push_back(it->path().generic_string());
            if (ec)
                diags.error(path, 0, 0, "cannot read directory: " + ec.message());
            else if (files.size() == before)
                diags.error(path, 0, 0, "directory contains no .schema files");
        } else {
            files.push_back(path);
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    std::vector<Source> sources;
    for (const auto& f : files) {
        // Read into a string sized once: a string stream's buffer grows by doubling and is
        // then copied, three times the file's size in fresh pages for a large schema.
        std::ifstream in(f, std::ios::binary);
        std::string text;
        if (in) {
            std::error_code ec;
            auto size = fs::file_size(f, ec);
            if (!ec)
                text.reserve(static_cast<size_t>(size));
            char chunk[1 << 16];
            while (in.read(chunk, sizeof chunk) || in.gcount() > 0)
                text.append(chunk, static_cast<size_t>(in.gcount()));
        }
        if (!in.is_open() || in.bad()) {
            diags.error(f, 0, 0, "cannot read file");
            continue;
        }
        sources.push_back({f, std::move(text)});
    }
    if (!diags.empty())
        throw FrontendError(diags.sorted());
    return parse_sources(sources, naming);
}

} // namespace stepwise::frontend
