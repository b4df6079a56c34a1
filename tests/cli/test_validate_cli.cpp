// pkitool validate as a user runs it.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace pkitool {
namespace {

using test::contains;
using test::data_path;
using test::jq;
using test::pkitool;

TEST(ValidateCli, GoodResponseExitsZeroWithPlan)
{
    const auto r = pkitool({"validate", "--at", "2026-06-01", data_path("certs/chain.p7b"), "--csr",
        data_path("csr/tomcat.csr"), "--type", "tomcat"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out.rfind("OK: CUCM should accept this response", 0), 0U) << r.out;
    EXPECT_TRUE(
        contains(r.out, "  1. tomcat-trust        root          Example Root CA  (1-root-example-root-ca.pem)"));
    EXPECT_TRUE(
        contains(r.out, "  3. tomcat              leaf          cucm-pub.example.com  (3-tomcat-cucm-pub.pem)"));
    EXPECT_TRUE(contains(r.out, "Then restart: Cisco Tomcat, Cisco TFTP"));
}

TEST(ValidateCli, FindingsExitOneAndJson)
{
    const auto r = pkitool({"--json", "validate", "--at", "2026-06-01", data_path("certs/tomcat-leaf.pem")});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(jq(r.out, ".schema"), "pkitool-validate/2");
    EXPECT_EQ(jq(r.out, ".ok"), "false");
    EXPECT_EQ(jq(r.out, ".findings[] | select(.rule == \"chain.missing-issuer\") | .severity"), "error");
    EXPECT_EQ(jq(r.out, ".certificates[0].role"), "leaf");
}

TEST(ValidateCli, KeyMustMatch)
{
    test::TempDir dir;
    const auto other = pkitool({"validate", "--at", "2026-06-01", data_path("certs/chain.pem"), "--key",
        data_path("keys/rsa-pkcs8.pem"), "--type", "tomcat"});
    EXPECT_EQ(other.exit_code, 1);
    EXPECT_TRUE(contains(other.out, "key.mismatch"));
    const auto locked
        = pkitool({"validate", data_path("certs/chain.pem"), "--key", data_path("keys/rsa-pkcs8-encrypted.pem")});
    EXPECT_EQ(locked.exit_code, 2);
    EXPECT_TRUE(contains(locked.err, "the key is encrypted; give its password"));
    const auto wrong = pkitool({"validate", data_path("certs/chain.pem"), "--key",
                                   data_path("keys/rsa-pkcs8-encrypted.pem"), "--pass-env", "PW"},
        {}, {{"PW", "nope"}});
    EXPECT_EQ(wrong.exit_code, 4);
}

TEST(ValidateCli, UnreadableInputExitsThree)
{
    const auto r = pkitool({"validate", data_path("certs/chain.pem"), data_path("broken/truncated.pem")});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_TRUE(contains(r.err, "has no END line"));
    EXPECT_EQ(pkitool({"validate", data_path("keys/rsa-pkcs8.pem")}).exit_code, 3);
}

TEST(ValidateCli, SplitWritesOneFilePerStep)
{
    test::TempDir dir;
    const auto out = (dir / "upload").string();
    const auto r
        = pkitool({"validate", "--at", "2026-06-01", "--type", "tomcat", data_path("certs/chain.pem"), "--split", out});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(test::read_text(out + "/3-tomcat-cucm-pub.pem"), test::read_text(data_path("certs/tomcat-leaf.pem")));
    EXPECT_EQ(test::read_text(out + "/1-root-example-root-ca.pem"), test::read_text(data_path("pki/root-ca.pem")));
    const auto again
        = pkitool({"validate", "--at", "2026-06-01", "--type", "tomcat", data_path("certs/chain.pem"), "--split", out});
    EXPECT_EQ(again.exit_code, 5);
    EXPECT_EQ(pkitool({"validate", "--at", "2026-06-01", "--type", "tomcat", data_path("certs/chain.pem"), "--split",
                          out, "--force"})
                  .exit_code,
        0);
}

TEST(ValidateCli, AgreesWithOpensslVerify)
{
    // 1780272000 = 2026-06-01T00:00:00Z
    const auto openssl
        = test::run({"openssl", "verify", "-attime", "1780272000", "-CAfile", data_path("pki/root-ca.pem"),
            "-untrusted", data_path("pki/intermediate-ca.pem"), data_path("certs/tomcat-leaf.pem")});
    const auto ours = pkitool({"validate", "--at", "2026-06-01", "--type", "tomcat", data_path("certs/tomcat-leaf.pem"),
        "--trust", data_path("pki/intermediate-ca.pem"), "--trust", data_path("pki/root-ca.pem")});
    EXPECT_EQ(openssl.exit_code, 0) << openssl.err;
    EXPECT_EQ(ours.exit_code, 0) << ours.out;
    // Without the intermediate both refuse.
    const auto openssl_missing = test::run({"openssl", "verify", "-attime", "1780272000", "-CAfile",
        data_path("pki/root-ca.pem"), data_path("certs/tomcat-leaf.pem")});
    const auto ours_missing = pkitool({"validate", "--at", "2026-06-01", data_path("certs/tomcat-leaf.pem"), "--trust",
        data_path("pki/root-ca.pem")});
    EXPECT_NE(openssl_missing.exit_code, 0);
    EXPECT_EQ(ours_missing.exit_code, 1);
    // After the leaf's notAfter both refuse.
    const auto openssl_expired
        = test::run({"openssl", "verify", "-attime", "1800000000", "-CAfile", data_path("pki/root-ca.pem"),
            "-untrusted", data_path("pki/intermediate-ca.pem"), data_path("certs/tomcat-leaf.pem")});
    const auto ours_expired = pkitool({"validate", "--at", "2027-01-15", data_path("certs/chain.pem")});
    EXPECT_NE(openssl_expired.exit_code, 0);
    EXPECT_EQ(ours_expired.exit_code, 1);
}

TEST(ValidateCli, Pkcs12ResponseWithItsPassword)
{
    const std::string p12 = data_path("pkcs12/openssl3-default.p12");
    const auto opened
        = pkitool({"--json", "validate", "--at", "2026-06-01", "--pass-file", data_path("keys/password.txt"), p12});
    EXPECT_TRUE(opened.exit_code == 0 || opened.exit_code == 1) << opened.err;
    EXPECT_EQ(jq(opened.out, "[.certificates[].role] | join(\",\")"), "leaf,root");
    const auto locked = pkitool({"validate", "--at", "2026-06-01", p12});
    EXPECT_EQ(locked.exit_code, 2);
    EXPECT_TRUE(contains(locked.err, "needs a password")) << locked.err;
}

// tests/data/validate/expected.txt and tests/data/paths/expected.txt: one
// OpenSSL-made CA response per scenario, the arguments, the exit code and
// the rule ids it must report (or, written "!rule", must not).
struct Scenario {
    std::string folder; // "validate", "paths"
    std::string name;
    int exit_code = 0;
    std::vector<std::string> arguments;
    std::vector<std::string> rules;
    std::vector<std::string> absent;
};

std::vector<Scenario> scenarios()
{
    std::vector<Scenario> out;
    for (const std::string folder : {"validate", "paths"}) {
        std::istringstream table(test::read_text(data_path(folder + "/expected.txt")));
        std::string line;
        while (std::getline(table, line)) {
            if (line.empty() || line[0] == '#') {
                continue;
            }
            const auto bar = line.find('|');
            std::istringstream left(line.substr(0, bar));
            std::istringstream right(line.substr(bar + 1));
            Scenario s;
            s.folder = folder;
            left >> s.name >> s.exit_code;
            for (std::string word; left >> word;) {
                // Fixture paths are relative to tests/data.
                s.arguments.push_back(word.find('/') != std::string::npos ? data_path(word) : word);
            }
            for (std::string rule; right >> rule;) {
                (rule.front() == '!' ? s.absent : s.rules).push_back(rule.substr(rule.front() == '!' ? 1 : 0));
            }
            out.push_back(std::move(s));
        }
    }
    return out;
}

class ValidateScenario : public testing::TestWithParam<Scenario> { };

TEST_P(ValidateScenario, ExitCodeAndRules)
{
    const Scenario& s = GetParam();
    std::vector<std::string> args = {"--json", "validate", "--at", "2026-06-01"};
    for (const auto& entry : std::filesystem::directory_iterator(data_path(s.folder + "/" + s.name))) {
        args.push_back(entry.path().string());
    }
    std::sort(args.begin() + 4, args.end());
    args.insert(args.end(), s.arguments.begin(), s.arguments.end());
    const auto r = pkitool(args);
    EXPECT_EQ(r.exit_code, s.exit_code) << s.name << "\n" << r.out << r.err;
    const std::string found = jq(r.out, "[.findings[].rule, .certificates[].findings[].rule] | unique | join(\" \")");
    for (const auto& rule : s.rules) {
        EXPECT_TRUE(contains(" " + found + " ", " " + rule + " ")) << s.name << ": " << rule << " not in: " << found;
    }
    for (const auto& rule : s.absent) {
        EXPECT_FALSE(contains(" " + found + " ", " " + rule + " ")) << s.name << ": " << rule << " in: " << found;
    }
    if (s.rules.empty() && s.absent.empty() && s.exit_code == 0) {
        EXPECT_EQ(jq(r.out, ".counts.errors + .counts.warnings"), "0") << s.name << ": " << found;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ValidateScenario, testing::ValuesIn(scenarios()), [](const testing::TestParamInfo<Scenario>& info) {
        std::string name = info.param.folder + "_" + info.param.name + "_" + std::to_string(info.index);
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    });

} // namespace
} // namespace pkitool
