// What the consolidated set holds: the import sets of every cluster, the
// per-type sets, and the files they are written as.
#include "pkitool/bulk/consolidate.hpp"

#include "pkitool/load/pem.hpp"
#include "pkitool/util/parallel.hpp"

#include <botan/auto_rng.h>

#include <algorithm>
#include <map>
#include <set>

namespace pkitool::bulk {

namespace {

bool has(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

} // namespace

std::vector<ImportSet> import_sets(const Result& result)
{
    // Each store's candidates once, then each cluster takes those it did
    // not export itself.
    std::map<std::string, std::vector<const Entry*>> by_store;
    for (const auto& e : result.entries) {
        if (e.status == Status::included) {
            for (const auto& store : e.stores) {
                by_store[store].push_back(&e);
            }
        }
    }
    std::vector<ImportSet> out;
    for (const auto& cluster : result.clusters) {
        for (const auto& [store, candidates] : by_store) {
            ImportSet set{cluster, store, {}};
            for (const auto* e : candidates) {
                if (!has(e->clusters, cluster)) {
                    set.entries.push_back(e);
                }
            }
            if (!set.entries.empty()) {
                out.push_back(std::move(set));
            }
        }
    }
    return out;
}

std::vector<TypeSet> type_sets(const Result& result)
{
    std::map<std::string, std::vector<const Entry*>> by_type;
    for (const auto& e : result.entries) {
        if (e.status == Status::included) {
            for (const auto& type : e.sets) {
                by_type[type].push_back(&e);
            }
        }
    }
    std::vector<TypeSet> out;
    for (auto& [type, entries] : by_type) {
        out.push_back({type, std::move(entries)});
    }
    return out;
}

std::vector<std::string> output_paths(const Result& result)
{
    std::vector<std::string> out;
    for (const auto& set : type_sets(result)) {
        out.push_back(set.type + ".p12");
    }
    for (const auto& set : result.imports) {
        out.push_back("import/" + set.cluster + "/" + set.store + ".pem");
    }
    return out;
}

void write_outputs(const Result& result, const pkcs12::WriteOptions& options, const pkcs12::Password& password,
    unsigned jobs, const std::function<void(OutputFile&&)>& sink)
{
    const auto sets = type_sets(result);
    const auto& imports = result.imports;
    const auto paths = output_paths(result);
    // A certificate goes to up to three stores of every other cluster:
    // encode it once.
    std::map<const Entry*, std::string> pem_of;
    for (const auto& set : imports) {
        for (const auto* e : set.entries) {
            if (auto [it, is_new] = pem_of.try_emplace(e); is_new) {
                it->second = load::pem_encode(e->certificate->der, "CERTIFICATE");
            }
        }
    }
    // Each file is a task: a PKCS#12 file costs its key derivations and
    // its encryption, an import file its copying. Spread over the threads,
    // each with its own generator.
    const auto make = [&](std::size_t i, Botan::RandomNumberGenerator& rng) {
        OutputFile file{paths[i], {}};
        if (i >= sets.size()) {
            const auto& entries = imports[i - sets.size()].entries;
            std::size_t size = 0;
            for (const auto* e : entries) {
                size += pem_of.at(e).size();
            }
            file.data.reserve(size);
            for (const auto* e : entries) {
                const auto& pem = pem_of.at(e);
                file.data.insert(file.data.end(), pem.begin(), pem.end());
            }
            sink(std::move(file));
            return;
        }
        std::vector<pkcs12::CertEntry> certs;
        std::map<std::string, int> used;
        for (const auto* e : sets[i].entries) {
            auto name = e->friendly_name();
            if (const int n = ++used[name]; n > 1) {
                name += "-" + std::to_string(n);
            }
            certs.push_back({e->certificate->der, name, {}});
        }
        file.data = pkcs12::write(certs, std::nullopt, options, password, rng);
        sink(std::move(file));
    };
    util::parallel_for<Botan::AutoSeeded_RNG>(paths.size(), jobs, [&](std::size_t i, Botan::AutoSeeded_RNG& rng) {
        make(i, rng);
        return true;
    });
}

} // namespace pkitool::bulk
