// Path validation against public suites with published answers, pkitool
// and `openssl verify` side by side on the same cases: NIST's PKITS (as
// Botan's tests arrange it), the BSI path validation set, Botan's
// path-building, cross-signed-mesh and name-constraints sets
// (tests/data/pathval, origin and licence in tests/data/README.md).
// Sections pkitool does not implement (revocation, certificate policies)
// are counted and listed, never silently dropped; every case where
// pkitool's verdict differs from the published one is named below with
// the reason, and the test fails when that list is no longer true.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

namespace pkitool {
namespace {

namespace fs = std::filesystem;
using test::data_path;

enum class Expect { valid, invalid, not_implemented };

struct Case {
    std::string id; // "nist/test05"
    std::vector<std::string> chain; // the certificate to validate first
    std::vector<std::string> trust;
    std::string at; // the suite's validation time
    Expect expect = Expect::invalid;
    std::string published; // the suite's own words
};

// "name:result" (or '$' for BSI); blank lines and # comments skipped.
std::vector<std::pair<std::string, std::string>> read_expected(const fs::path& file, char separator)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto at = line.find(separator);
        if (line.empty() || line.front() == '#' || at == std::string::npos) {
            continue;
        }
        out.emplace_back(line.substr(0, at), line.substr(at + 1));
    }
    return out;
}

// What the published result means for a verdict. Botan's files give
// Botan's status strings; where Botan itself marks its answer as wrong
// (PKITS 4.8 tests 45-47, BSI ext_17: certificate policies), BSI ext_14 (a
// policy mapping to anyPolicy), and for
// revocation, the case is outside what pkitool implements.
Expect classify(const std::string& id, const std::string& result)
{
    const bool revocation = result.find("revocation") != std::string::npos
        || result.find("revoked") != std::string::npos || result.find("CRL") != std::string::npos;
    const bool policy = result.find("policy") != std::string::npos || id == "nist/test45" || id == "nist/test46"
        || id == "nist/test47" || id == "bsi/ext_14" || id == "bsi/ext_17";
    if (revocation || policy) {
        return Expect::not_implemented;
    }
    // BSI's "Warning:" cases (a negative serial, an over-long DN
    // component): "this path is not valid", though applications may
    // accept it gracefully.
    return result == "Verified" ? Expect::valid : Expect::invalid;
}

std::vector<std::string> files_in(const fs::path& dir)
{
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Case> suite_cases()
{
    std::vector<Case> cases;
    const fs::path base = data_path("pathval");
    for (const auto& [name, result] : read_expected(base / "nist/expected.txt", ':')) {
        Case c{"nist/" + name, {(base / "nist" / name / "end.crt").string()}, {(base / "nist/root.crt").string()},
            "2018-04-01T09:30:33Z", classify("nist/" + name, result), result};
        for (const auto& f : files_in(base / "nist" / name)) {
            if (f.ends_with(".crt") && !f.ends_with("end.crt")) {
                c.chain.push_back(f);
            }
        }
        cases.push_back(c);
    }
    for (const auto& [name, result] : read_expected(base / "bsi/expected.txt", '$')) {
        Case c{"bsi/" + name, {}, {}, "2017-08-19T12:00:00Z", classify("bsi/" + name, result), result};
        if (c.expect == Expect::not_implemented) {
            cases.push_back(c); // the CRL_* folders are not copied
            continue;
        }
        for (const auto& f : files_in(base / "bsi" / name)) {
            const auto file = fs::path(f).filename().string();
            if (file.find("TA") != std::string::npos) {
                c.trust.push_back(f);
            } else if (file.find("TC") != std::string::npos) {
                c.chain.insert(c.chain.begin(), f);
            } else if (file.find(".crt") != std::string::npos) {
                c.chain.push_back(f);
            }
        }
        cases.push_back(c);
    }
    std::vector<std::string> levels;
    for (const auto& f : files_in(base / "path_building")) {
        if (f.find("level1_") != std::string::npos || f.find("level2_") != std::string::npos) {
            levels.push_back(f);
        }
    }
    for (const auto& [name, result] : read_expected(base / "path_building/expected.txt", ':')) {
        Case c{"path_building/" + name, {(base / "path_building" / name).string()},
            {(base / "path_building/root.pem").string()}, "2026-04-01T04:20:00Z", classify(name, result), result};
        c.chain.insert(c.chain.end(), levels.begin(), levels.end());
        cases.push_back(c);
    }
    {
        Case c{"cross_signed_mesh", {(base / "cross_signed_mesh/leaf.pem").string()},
            {(base / "cross_signed_mesh/root_a.pem").string()}, "2030-01-01T00:00:00Z", Expect::valid, "Verified"};
        for (const auto& f : files_in(base / "cross_signed_mesh")) {
            if (f.find("cross_") != std::string::npos || f.ends_with("int_a1.pem")) {
                c.chain.push_back(f);
            }
        }
        cases.push_back(c);
    }
    for (const auto& [name, result] : read_expected(base / "name_constraints/expected.txt", ':')) {
        cases.push_back({"name_constraints/" + name, {(base / "name_constraints" / (name + ".pem")).string()},
            {(base / "name_constraints/root.pem").string()}, "2027-01-01T00:00:00Z",
            classify("name_constraints/" + name, result), result});
    }
    return cases;
}

// Where pkitool's verdict differs from the published one, and why. Kept
// exact: a case that starts to agree, or a new disagreement, fails the test.
const std::map<std::string, std::string>& known_differences()
{
    const std::string der
        = "lint judges DER strictly: basicConstraints with cA FALSE written out is der.default-encoded "
          "(X.690 11.5), an error; BSI's and Botan's answer accepts it";
    const std::string wildcard = "CUCM accepts no wildcard certificate: name.wildcard is an error whatever the name "
                                 "constraints allow";
    const std::string ca_kcs = "the certificate validated is cA=TRUE without keyCertSign, which RFC 5280 4.2.1.9 "
                               "forbids: lint's ca.ca-without-keycertsign";
    const std::string policy = "policy extensions are not processed (RFC 5280 6.1.3 (d)-(f)), so a malformed or "
                               "misplaced one goes unnoticed";
    const std::string unused_form = "RFC 5280 4.2.1.10: a constraint on a name form the certificate does not use "
                                    "restricts nothing; Botan rejects every constraint form it does not support";
    const std::string empty_dns = "RFC 5280 4.2.1.10: an empty dNSName subtree holds every name; Botan refuses its "
                                  "encoding";
    const std::string smtp = "RFC 9598 applied as written: this SmtpUTF8Mailbox meets the rfc822Name constraint; "
                             "Botan's answer is stricter";
    static const std::map<std::string, std::string> k = {
        {"bsi/common_01", der},
        {"bsi/common_13", der},
        {"bsi/common_14", der},
        {"bsi/ext_09", der},
        {"bsi/ext_16", der},
        {"name_constraints/dns-wildcard-san-tld-constraint-valid", wildcard},
        {"name_constraints/edi-party-name-constraint-rejected", unused_form},
        {"name_constraints/empty-dns-permitted-allows-anything-valid", empty_dns},
        {"name_constraints/general-name-empty-context-tag-invalid", empty_dns},
        {"name_constraints/malformed-policy-constraints-invalid", policy},
        {"name_constraints/permitted-wildcard-match-valid", wildcard},
        {"name_constraints/policy-invalid-leaf-extension-invalid", policy},
        {"name_constraints/smtp-utf8-rfc822-mailbox-permit-strict-9549-exact-valid", smtp},
        {"name_constraints/smtp-utf8-san-excluded-mailbox-diff-local-invalid", smtp},
        {"name_constraints/unsupported-critical-constraint-name-form-absent-valid", unused_form},
        {"name_constraints/wildcard-cn-exclude-miss-valid", wildcard},
        {"name_constraints/wildcard-cn-permit-match-valid", wildcard},
        {"name_constraints/wildcard-excluded-cross-subtree-valid", wildcard},
        {"name_constraints/wildcard-excluded-sibling-subtree-valid", wildcard},
        {"name_constraints/wildcard-excluded-single-label-tld-vs-unrelated-valid", wildcard},
        {"name_constraints/wildcard-excluded-single-label-valid", wildcard},
        {"name_constraints/wildcard-permitted-far-inner-valid", wildcard},
        {"name_constraints/wildcard-permitted-inner-valid", wildcard},
        {"name_constraints/wildcard-permitted-inside-subtree-valid", wildcard},
        {"name_constraints/x400-address-constraint-rejected", unused_form},
        {"nist/test39", ca_kcs},
        {"nist/test40", ca_kcs},
        {"nist/test41", ca_kcs},
    };
    return k;
}

bool pkitool_valid(const Case& c)
{
    std::vector<std::string> args = {"validate"};
    args.insert(args.end(), c.chain.begin(), c.chain.end());
    for (const auto& t : c.trust) {
        args.push_back("--trust");
        args.push_back(t);
    }
    args.push_back("--at");
    args.push_back(c.at);
    const auto r = test::pkitool(args);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 3) << c.id << ": " << r.err;
    return r.exit_code == 0;
}

// `openssl verify` with only the case's anchors, the rest untrusted, at the
// suite's time; no revocation or policy checks asked for.
bool openssl_valid(const Case& c, const test::TempDir& tmp)
{
    const auto cat = [&](const std::vector<std::string>& files, const std::string& name) {
        std::string all;
        for (const auto& f : files) {
            const auto text = test::read_text(f);
            if (text.find("-----BEGIN") != std::string::npos) {
                all += text + "\n";
            } else {
                const auto pem = test::run({"openssl", "x509", "-inform", "DER", "-in", f});
                all += pem.out;
            }
        }
        return tmp.write(name, all);
    };
    const auto leaf = cat({c.chain.front()}, "leaf.pem");
    const auto untrusted = cat(c.chain, "untrusted.pem");
    const auto anchors = cat(c.trust, "trust.pem");
    const auto epoch = test::run({"date", "-u", "-d", c.at, "+%s"}).out;
    const auto r = test::run({"openssl", "verify", "-no-CApath", "-no-CAstore", "-CAfile", anchors, "-untrusted",
        untrusted, "-attime", epoch.substr(0, epoch.find('\n')), leaf});
    return r.exit_code == 0;
}

TEST(PathSuites, PkitoolAndOpensslAgainstThePublishedResults)
{
    const auto cases = suite_cases();
    ASSERT_GT(cases.size(), 400U);
    const test::TempDir tmp;
    std::map<std::string, std::size_t> judged;
    std::map<std::string, std::size_t> pkitool_agrees;
    std::map<std::string, std::size_t> openssl_agrees;
    std::vector<std::string> not_implemented;
    std::set<std::string> differing;
    for (const auto& c : cases) {
        const std::string suite = c.id.substr(0, c.id.find('/'));
        if (c.expect == Expect::not_implemented) {
            not_implemented.push_back(c.id + " (" + c.published + ")");
            continue;
        }
        ++judged[suite];
        const bool want = c.expect == Expect::valid;
        if (pkitool_valid(c) == want) {
            ++pkitool_agrees[suite];
        } else {
            differing.insert(c.id);
        }
        if (openssl_valid(c, tmp) == want) {
            ++openssl_agrees[suite];
        }
    }
    std::size_t total = 0;
    std::size_t ours = 0;
    std::size_t theirs = 0;
    for (const auto& [suite, n] : judged) {
        std::cout << "  " << suite << ": " << n << " cases; pkitool agrees on " << pkitool_agrees[suite]
                  << ", openssl verify on " << openssl_agrees[suite] << "\n";
        total += n;
        ours += pkitool_agrees[suite];
        theirs += openssl_agrees[suite];
    }
    std::cout << "  all: " << total << " cases; pkitool " << ours << ", openssl verify " << theirs << "\n";
    std::cout << "  not implemented (revocation, certificate policies), " << not_implemented.size() << " cases:";
    for (const auto& id : not_implemented) {
        std::cout << " " << id << ";";
    }
    std::cout << "\n";
    std::set<std::string> known;
    std::map<std::string, std::vector<std::string>> by_reason;
    for (const auto& [id, why] : known_differences()) {
        known.insert(id);
        by_reason[why].push_back(id);
    }
    std::cout << "  where pkitool differs from the published result, and why:\n";
    for (const auto& [why, ids] : by_reason) {
        std::cout << "    " << ids.size() << " (" << ids.front() << (ids.size() > 1 ? ", ..." : "") << "): " << why
                  << "\n";
    }
    for (const auto& id : differing) {
        EXPECT_TRUE(known.count(id)) << id << ": pkitool's verdict differs from the published result";
    }
    for (const auto& id : known) {
        EXPECT_TRUE(differing.count(id)) << id << ": listed as a known difference, but pkitool now agrees";
    }
}

} // namespace
} // namespace pkitool
